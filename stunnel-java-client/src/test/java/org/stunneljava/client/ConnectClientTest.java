package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.ConnectTestProxy;
import org.stunneljava.testkit.ConnectTestProxy.Answer;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * {@code protocol = connect} in client mode, in-process: a plaintext client, our client, a test proxy that checks
 * the request lines and the Basic credentials, and the JDK's TLS echo server behind the proxy. Every answer from
 * the proxy that stunnel 5.68 was seen to accept or reject (notes, section 3.1) gets the same outcome and lines.
 */
class ConnectClientTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ESTABLISHED = "HTTP/1.1 200 Connection established\r\nProxy-Agent: t\r\n\r\n";

    @TempDir
    static Path dir;
    static TestPki pki;
    static Backends server;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        server = Backends.tlsEcho(JdkTls.server(pki, pki.server()));
    }

    private static ServiceConfig client(String name, int proxyPort, String options) throws Exception {
        return ServiceConfigs.load(dir, name, """
                [%s]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                verifyChain = yes
                CAfile = %s
                checkHost = localhost
                protocol = connect
                %s
                """.formatted(name, proxyPort, pki.caPem(), options));
    }

    private static String exchange(InProcessService client) throws Exception {
        return new String(PlainClient.exchange(client.port(), "hello\n".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
    }

    @Test
    void sendsStunnelsRequestWithBasicCredentialsAndHeadersInOrder() throws Exception {
        try (ConnectTestProxy proxy = ConnectTestProxy.start(server.port(),
                r -> r.basicCredentials().equals(java.util.Optional.of("user:pass"))
                        ? Answer.tunnel(ESTABLISHED) : Answer.close("HTTP/1.1 407 Who\r\n\r\n"));
             InProcessService client = Tunnels.client(client("auth", proxy.port(), """
                     protocolHost = target.example:8443
                     protocolUsername = user
                     protocolPassword = pass
                     protocolHeader = X-Test: 1
                     protocolHeader = User-Agent: foo
                     """))) {
            assertEquals("hello\n", exchange(client));
            assertEquals("CONNECT target.example:8443 HTTP/1.1\r\nHost: target.example:8443\r\n"
                    + "Proxy-Authorization: basic dXNlcjpwYXNz\r\nX-Test: 1\r\nUser-Agent: foo\r\n\r\n",
                    proxy.requests().poll(30, TimeUnit.SECONDS).text());
            client.awaitLine("LOG6[test]: CONNECT request accepted", WAIT);
            client.awaitLine("SNI: sending servername: target.example", WAIT);
            client.awaitLine("Connection closed: 6 byte(s) sent to TLS, 6 byte(s) sent to socket", WAIT);
        }
    }

    @Test
    void aUserNameAloneSendsNoCredentialsAndValuesGoOutAsUtf8() throws Exception {
        try (ConnectTestProxy proxy = ConnectTestProxy.start(server.port(), r -> Answer.tunnel(ESTABLISHED));
             InProcessService client = Tunnels.client(client("user-only", proxy.port(), """
                     protocolHost = 127.0.0.1:1
                     protocolUsername = user
                     protocolHeader = X-Name: \u00e9t\u00e9
                     """))) {
            assertEquals("hello\n", exchange(client));
            ConnectTestProxy.Request r = proxy.requests().poll(30, TimeUnit.SECONDS);
            assertEquals(List.of("CONNECT 127.0.0.1:1 HTTP/1.1", "Host: 127.0.0.1:1", "X-Name: \u00e9t\u00e9"),
                    r.lines());
            assertTrue(new String(r.raw(), StandardCharsets.ISO_8859_1).contains("X-Name: \u00c3\u00a9t\u00c3\u00a9"),
                    "UTF-8 bytes on the wire");
        }
    }

    /** Any HTTP/1.x 2xx, ignoring case; the header lines after it are skipped, up to the empty line. */
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 Connection established\r\nVia: x\r\nProxy-Agent: y\r\n\r\n",
            "HTTP/1.0 204 whatever\r\n\r\n", "http/1.1 200 ok\r\n\r\n", "HTTP/1.1 299\r\n\r\n"})
    void acceptsAnyHttp1SuccessStatus(String answer) throws Exception {
        try (ConnectTestProxy proxy = ConnectTestProxy.start(server.port(), r -> Answer.tunnel(answer));
             InProcessService client = Tunnels.client(client("ok", proxy.port(), "protocolHost = h:1"))) {
            assertEquals("hello\n", exchange(client));
            client.awaitLine("CONNECT request accepted", WAIT);
        }
    }

    /** Anything else is rejected: the headers are read to the empty line, and both sockets are reset. */
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2 200\r\n\r\n", "HTTP/1.1 407 Proxy Authentication Required\r\n"
            + "Proxy-Authenticate: Basic\r\n\r\n", "GARBAGE\r\n\r\n", "HTTP/1.1 302 Found\r\nLocation: x\r\n\r\n"})
    void rejectsEverythingElseWithStunnelsLinesAndAReset(String answer) throws Exception {
        try (ConnectTestProxy proxy = ConnectTestProxy.start(server.port(), r -> Answer.close(answer));
             InProcessService client = Tunnels.client(client("rejected", proxy.port(), "protocolHost = h:1"));
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), client.port())) {
            plain.setSoTimeout(30_000);
            // the client asks the proxy as soon as it accepts: nothing needs to be written, and a write may already
            // meet the reset
            assertEquals("reset", Ports.readUntilEnd(plain.getInputStream()));
            client.awaitLine("LOG3[test]: CONNECT request rejected", WAIT);
            client.awaitLine("LOG5[test]: Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket", WAIT);
            assertFalse(client.lines().stream().anyMatch(l -> l.contains("Unexpected socket close")));
        }
    }

    @Test
    void aProxyThatClosesBeforeTheEmptyLineIsAnUnexpectedClose() throws Exception {
        try (ConnectTestProxy proxy = ConnectTestProxy.start(server.port(), r -> Answer.close("GARBAGE\r\n"));
             InProcessService client = Tunnels.client(client("cut", proxy.port(), "protocolHost = h:1"))) {
            PlainClient.exchangeOrReset(client.port(), "x".getBytes(StandardCharsets.US_ASCII));
            client.awaitLine("Connection reset: 0 byte(s)", WAIT);
            List<String> lines = client.lines();
            int rejected = indexOf(lines, "LOG3[test]: CONNECT request rejected");
            int unexpected = indexOf(lines, "LOG3[test]: s_read: Unexpected socket close");
            assertTrue(rejected >= 0 && unexpected > rejected, String.join("\n", lines));
        }
    }

    @Test
    void aProxyThatSaysNothingIsAnUnexpectedClose() throws Exception {
        try (ConnectTestProxy proxy = ConnectTestProxy.start(server.port(), r -> Answer.EOF);
             InProcessService client = Tunnels.client(client("silent", proxy.port(), "protocolHost = h:1"))) {
            PlainClient.exchangeOrReset(client.port(), "x".getBytes(StandardCharsets.US_ASCII));
            client.awaitLine("LOG3[test]: s_read: Unexpected socket close", WAIT);
            client.awaitLine("Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket", WAIT);
            assertFalse(client.lines().stream().anyMatch(l -> l.contains("CONNECT request")));
        }
    }

    @Test
    void aMuteProxyIsCutByTimeoutBusy() throws Exception {
        try (Backends mute = Backends.custom(s -> {
                 try {
                     s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                 } catch (java.io.IOException ignored) {
                     // cut by the client
                 }
             });
             InProcessService client = Tunnels.client(client("mute", mute.port(),
                     "protocolHost = h:1\nTIMEOUTbusy = 1"))) {
            PlainClient.exchangeOrReset(client.port(), "x".getBytes(StandardCharsets.US_ASCII));
            client.awaitLine("LOG6[test]: s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset", WAIT);
            client.awaitLine("Connection reset: 0 byte(s)", WAIT);
        }
    }

    private static int indexOf(List<String> lines, String line) {
        return lines.indexOf(line);
    }
}
