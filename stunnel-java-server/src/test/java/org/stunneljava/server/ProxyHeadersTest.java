package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * The PROXY headers our server reads ({@code acceptProxy}) and writes ({@code proxyVersion = 2}, {@code writeIP}),
 * over real sockets: what the backend receives, and for bad headers the one line that says why and that the
 * backend was never dialled.
 */
class ProxyHeadersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
            0x0A};
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    /** Every byte a backend connection got until EOF or reset. */
    private static Backends recording(BlockingQueue<byte[]> into) throws IOException {
        return Backends.custom(s -> {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
                s.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // what arrived is what the test checks
            }
            into.add(got.toByteArray());
        });
    }

    private static InProcessService server(String name, int backendPort, String extra) throws Exception {
        return InProcessServer.start(ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                %s
                """.formatted(name, backendPort, pki.serverPem(), extra)));
    }

    /** Sends {@code preface} in plaintext, then TLS on the same connection; says hello and half-closes. */
    private static String exchange(int port, byte[] preface, SSLContext context, String sni) throws IOException {
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), port);
        raw.getOutputStream().write(preface);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost", port, true)) {
            if (sni != null) {
                SSLParameters p = tls.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(sni)));
                tls.setSSLParameters(p);
            }
            tls.setSoTimeout(30_000);
            tls.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            tls.shutdownOutput();
            return new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aV1HeaderNamesTheClientInTheLogAndInTheHeaderWeSend() throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (Backends backend = recording(got);
             InProcessService server = server("v1in", backend.port(), "acceptProxy = yes\nprotocol = proxy")) {
            byte[] header = "PROXY TCP4 203.0.113.7 198.51.100.1 5555 443\r\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals("ok", exchange(server.port(), header, JdkTls.client(pki, null), null));
            assertEquals("PROXY TCP4 203.0.113.7 198.51.100.1 5555 443\r\nhello",
                    new String(got.poll(30, TimeUnit.SECONDS), StandardCharsets.US_ASCII));
            server.awaitLine("PROXY header: client 203.0.113.7:5555, to 198.51.100.1:443", WAIT);
        }
    }

    @Test
    void aV2HeaderWithIpv6AddressesAndTlvsIsReadToItsEnd() throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        ByteBuffer body = ByteBuffer.allocate(36 + 3 + 5);
        body.put(InetAddress.getByName("2001:db8::7").getAddress()).put(InetAddress.getByName("2001:db8::1")
                .getAddress()).putShort((short) 40000).putShort((short) 443);
        body.put((byte) 0x02).putShort((short) 5).put("a.b.c".getBytes(StandardCharsets.US_ASCII)); // AUTHORITY
        try (Backends backend = recording(got);
             InProcessService server = server("v2in", backend.port(), "acceptProxy = yes\nprotocol = proxy")) {
            assertEquals("ok", exchange(server.port(), v2(0x21, 0x21, body.array()), JdkTls.client(pki, null), null));
            assertEquals("PROXY TCP6 2001:db8::7 2001:db8::1 40000 443\r\nhello",
                    new String(got.poll(30, TimeUnit.SECONDS), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aV2LocalCommandKeepsTheSocketsOwnAddresses() throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (Backends backend = recording(got);
             InProcessService server = server("local", backend.port(), "acceptProxy = yes\nprotocol = proxy")) {
            assertEquals("ok", exchange(server.port(), v2(0x20, 0x00, new byte[0]), JdkTls.client(pki, null), null));
            String line = new String(got.poll(30, TimeUnit.SECONDS), StandardCharsets.US_ASCII);
            assertTrue(line.startsWith("PROXY TCP4 127.0.0.1 127.0.0.1 "), line);
            server.awaitLine("PROXY header: no client named (the balancer's own connection)", WAIT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no header, TLS at once | | PROXY header: missing (the connection starts with byte 0x16)",
            "bad IPv4 address | PROXY TCP4 203.0.113 198.51.100.1 5555 443\\r\\n"
                    + " | PROXY header: bad IPv4 address \"203.0.113\" in the v1 line",
            "port out of range | PROXY TCP4 203.0.113.7 198.51.100.1 65536 443\\r\\n"
                    + " | PROXY header: bad port \"65536\" in the v1 line",
            "unknown transport | PROXY UDP4 203.0.113.7 198.51.100.1 5555 443\\r\\n"
                    + " | PROXY header: malformed v1 line \"PROXY UDP4 203.0.113.7 198.51.100.1 5555 443\"",
            "no CRLF within 107 bytes | PROXY TCP4 " + "1111111111" + "1111111111" + "1111111111" + "1111111111"
                    + "1111111111" + "1111111111" + "1111111111" + "1111111111" + "1111111111" + "1111111111\\r\\n"
                    + " | PROXY header: v1 line longer than 107 bytes",
    })
    void aBadV1HeaderClosesWithOneLineAndNoBackend(String name, String header, String line) throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (Backends backend = recording(got);
             InProcessService server = server("bad", backend.port(), "acceptProxy = yes")) {
            // the CSV rows spell CRLF as \r\n
            byte[] preface = header == null ? new byte[0]
                    : header.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
            refused(server, preface, line);
            assertEquals(null, got.poll(200, TimeUnit.MILLISECONDS), "the backend was never dialled");
        }
    }

    @Test
    void badV2HeadersCloseWithOneLine() throws Exception {
        try (Backends backend = recording(new LinkedBlockingQueue<>());
             InProcessService server = server("bad2", backend.port(), "acceptProxy = yes")) {
            refused(server, v2(0x21, 0x11, new byte[8]),
                    "PROXY header: v2 length 8 is too short for its addresses (12 bytes)");
            byte[] overrun = Arrays.copyOf(new byte[12], 12 + 3);
            overrun[12] = 0x02;
            overrun[14] = 9; // a TLV that claims 9 bytes where none follow
            refused(server, v2(0x21, 0x11, overrun), "PROXY header: v2 TLV at offset 12 overruns the header");
            refused(server, v2(0x21, 0x12, new byte[12]),
                    "PROXY header: unsupported v2 address family and transport 0x12");
            refused(server, v2(0x31, 0x11, new byte[12]), "PROXY header: v2 signature with version 3");
        }
    }

    /** A header that promises more than it sends waits for the rest, for TIMEOUTbusy only. */
    @Test
    void aV2HeaderThatLiesAboutItsLengthRunsIntoTimeoutBusy() throws Exception {
        try (Backends backend = recording(new LinkedBlockingQueue<>());
             InProcessService server = server("lies", backend.port(), "acceptProxy = yes\nTIMEOUTbusy = 1");
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            byte[] header = v2(0x21, 0x11, new byte[12]);
            header[15] = 100; // claims 100 bytes of addresses and TLVs, sends 12
            raw.getOutputStream().write(header);
            server.awaitLine("s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset", WAIT);
            server.awaitClosed(1, WAIT);
            assertEquals(List.of("LOG5[test]: Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket"),
                    server.closeLines());
        }
    }

    private static void refused(InProcessService server, byte[] preface, String line) throws Exception {
        int before = server.closeLines().size();
        try {
            exchange(server.port(), preface, JdkTls.client(pki, null), null);
        } catch (IOException expected) {
            // the reset reaches the client as a failed handshake or read
        }
        server.awaitLine(line, WAIT);
        server.awaitClosed(before + 1, WAIT);
        assertEquals("LOG5[test]: Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket",
                server.closeLines().get(before));
    }

    private static byte[] v2(int versionCommand, int family, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length);
        b.put(V2_SIGNATURE).put((byte) versionCommand).put((byte) family).putShort((short) body.length).put(body);
        return b.array();
    }

    @Test
    void theV2HeaderWeSendCarriesTheClientAndTheTlsDetails() throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (Backends backend = recording(got);
             InProcessService server = server("v2out", backend.port(), """
                     protocol = proxy
                     proxyVersion = 2
                     verifyChain = yes
                     CAfile = %s
                     """.formatted(pki.caPem()))) {
            SSLContext withCert = JdkTls.client(pki, pki.client());
            assertEquals("ok", exchange(server.port(), new byte[0], withCert, "app.example"));
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(got.poll(30,
                    TimeUnit.SECONDS)));
            assertArrayEquals(V2_SIGNATURE, in.readNBytes(12));
            assertEquals(0x21, in.readUnsignedByte(), "version 2, PROXY");
            assertEquals(0x11, in.readUnsignedByte(), "TCP over IPv4");
            int length = in.readUnsignedShort();
            byte[] body = in.readNBytes(length);
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.US_ASCII), "then the data");
            ByteBuffer b = ByteBuffer.wrap(body);
            byte[] src = new byte[4];
            byte[] dst = new byte[4];
            b.get(src).get(dst);
            assertEquals("127.0.0.1", InetAddress.getByAddress(src).getHostAddress());
            assertEquals(server.port(), b.getShort(10) & 0xffff, "the destination port is ours");
            b.position(12);
            Map<Integer, byte[]> tlvs = tlvs(b);
            assertEquals("app.example", new String(tlvs.get(0x02), StandardCharsets.US_ASCII), "AUTHORITY");
            ByteBuffer ssl = ByteBuffer.wrap(tlvs.get(0x20));
            assertEquals(0x01 | 0x02, ssl.get(), "SSL, and a certificate on this connection");
            assertEquals(0, ssl.getInt(), "verified");
            Map<Integer, byte[]> sub = tlvs(ssl);
            assertEquals("TLSv1.3", new String(sub.get(0x21), StandardCharsets.US_ASCII));
            assertEquals("client", new String(sub.get(0x22), StandardCharsets.UTF_8), "the subject CN");
            assertEquals("TLS_AES_256_GCM_SHA384", new String(sub.get(0x23), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void withoutAClientCertificateTheV2HeaderSaysNotVerifiedAndHasNoCn() throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (Backends backend = recording(got);
             InProcessService server = server("v2anon", backend.port(), "protocol = proxy\nproxyVersion = 2")) {
            assertEquals("ok", exchange(server.port(), new byte[0], JdkTls.client(pki, null), null));
            ByteBuffer b = ByteBuffer.wrap(got.poll(30, TimeUnit.SECONDS));
            b.position(16 + 12);
            Map<Integer, byte[]> tlvs = tlvs(b.slice(b.position(), (b.getShort(14) & 0xffff) - 12));
            assertEquals(null, tlvs.get(0x02), "no SNI, no AUTHORITY");
            ByteBuffer ssl = ByteBuffer.wrap(tlvs.get(0x20));
            assertEquals(0x01, ssl.get());
            assertEquals(1, ssl.getInt(), "non-zero: no certificate was verified");
            assertEquals(null, tlvs(ssl).get(0x22));
        }
    }

    private static Map<Integer, byte[]> tlvs(ByteBuffer b) {
        Map<Integer, byte[]> out = new HashMap<>();
        while (b.remaining() >= 3) {
            int type = b.get() & 0xff;
            byte[] value = new byte[b.getShort() & 0xffff];
            b.get(value);
            out.put(type, value);
        }
        assertEquals(0, b.remaining(), "TLVs tile the header");
        return out;
    }

    @Test
    void writeIpPutsStudsFamilyByteAndAddressBeforeTheData() throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (Backends backend = recording(got);
             InProcessService server = server("stud", backend.port(), "writeIP = yes")) {
            assertEquals("ok", exchange(server.port(), new byte[0], JdkTls.client(pki, null), null));
            assertArrayEquals(new byte[] {2, 127, 0, 0, 1, 'h', 'e', 'l', 'l', 'o'}, got.poll(30, TimeUnit.SECONDS));
        }
    }
}
