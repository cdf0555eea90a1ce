package org.stunneljava.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.junit.jupiter.api.Test;
import org.stunneljava.origdst.DestinationExtension;
import org.stunneljava.tls.ClientTlsSettings;
import org.stunneljava.tls.HybridTlsCrypto;
import org.stunneljava.tls.PeerCertificateCheck;
import org.stunneljava.tls.StunnelTlsClient;
import org.stunneljava.tls.TlsDefaults;

/**
 * {@link ClientHelloParser} on ClientHellos real clients wrote into a buffer (ours through Bouncy Castle's
 * non-blocking protocol, and the JDK's SSLEngine), split over several records, and on every way a capture can be
 * short or wrong.
 */
class ClientHelloParserTest {
    private static final int SERVER_NAME = 0;
    private static final int SUPPORTED_VERSIONS = 43;

    @Test
    void ourClientHelloCarriesTheDestinationExtensionByteForByteAndTheServerName() throws Exception {
        byte[] payload = DestinationExtension.encode(new InetSocketAddress(InetAddress.getByName("10.77.3.2"), 443));
        Map<Integer, byte[]> extensions = ClientHelloParser.extensions(ours(payload));
        assertArrayEquals(payload, extensions.get(DestinationExtension.DEFAULT_TYPE));
        assertArrayEquals(serverNameList("localhost"), extensions.get(SERVER_NAME));
        assertTrue(extensions.containsKey(SUPPORTED_VERSIONS), extensions.keySet().toString());
        assertTrue(!ClientHelloParser.extensions(ours(null)).containsKey(DestinationExtension.DEFAULT_TYPE));
    }

    @Test
    void theJdksClientHelloIsReadInTheOrderItWasSent() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("dest1.test", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName("dest1.test")));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        byte[] hello = Arrays.copyOf(out.array(), out.position());

        Map<Integer, byte[]> extensions = ClientHelloParser.extensions(hello);
        assertEquals(SERVER_NAME, extensions.keySet().iterator().next(), "the JDK sends server_name first");
        assertArrayEquals(serverNameList("dest1.test"), extensions.get(SERVER_NAME));
        assertTrue(extensions.containsKey(SUPPORTED_VERSIONS));
    }

    @Test
    void aClientHelloSplitOverSeveralRecordsIsJoinedAndWhatFollowsItIsIgnored() throws Exception {
        InetSocketAddress destination = new InetSocketAddress(InetAddress.getByName("fd77:3::2"), 8443);
        byte[] whole = ours(DestinationExtension.encode(destination));
        byte[] message = Arrays.copyOfRange(whole, 5, whole.length);
        ByteArrayOutputStream split = new ByteArrayOutputStream();
        for (int at = 0; at < message.length; at += 100) {
            split.write(record(22, Arrays.copyOfRange(message, at, Math.min(message.length, at + 100))));
        }
        split.write(record(20, new byte[] {1})); // a change_cipher_spec after it, as TLS 1.3 clients send
        assertEquals(keysAndData(ClientHelloParser.extensions(whole)),
                keysAndData(ClientHelloParser.extensions(split.toByteArray())));
    }

    @Test
    void everyShortCaptureIsRefused() throws Exception {
        byte[] whole = ours(null);
        for (int length = 0; length < whole.length; length++) {
            byte[] prefix = Arrays.copyOf(whole, length);
            assertThrows(IllegalArgumentException.class, () -> ClientHelloParser.extensions(prefix),
                    "length " + length);
        }
    }

    @Test
    void somethingElseThanAClientHelloIsRefused() throws Exception {
        byte[] hello = ours(null);
        byte[] appData = hello.clone();
        appData[0] = 23;
        assertMessage("content type 23, not handshake", appData);
        byte[] serverHello = hello.clone();
        serverHello[5] = 2;
        assertMessage("type 2, not a ClientHello", serverHello);
    }

    @Test
    void aHandMadeClientHelloWithoutExtensionsHasNoneAndOneWithATypeTwiceIsRefused() throws Exception {
        assertEquals(Map.of(), ClientHelloParser.extensions(record(22, clientHello(null))));
        byte[] twice = {(byte) 0xff, 0x5b, 0, 1, 7, (byte) 0xff, 0x5b, 0, 0};
        assertMessage("extension 65371 sent twice", record(22, clientHello(twice)));
        byte[] overlong = {0, 0, 0, 9};
        assertMessage("extension 0 says 9 bytes but only 0 remain", record(22, clientHello(overlong)));
    }

    private static void assertMessage(String expected, byte[] capture) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientHelloParser.extensions(capture));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** The first flight of our client, TLS 1.2 and 1.3 offered, written by BC's protocol into a buffer. */
    private static byte[] ours(byte[] destination) throws Exception {
        StunnelTlsClient client = new StunnelTlsClient(new HybridTlsCrypto(new SecureRandom()),
                new ClientTlsSettings(Optional.empty(), new ProtocolVersion[] {ProtocolVersion.TLSv13,
                        ProtocolVersion.TLSv12}, TlsDefaults.allSuites(), TlsDefaults.GROUPS, Optional.of("localhost"),
                        PeerCertificateCheck.ACCEPT_ANY), new RecordingLog());
        if (destination != null) {
            client.addClientExtension(DestinationExtension.DEFAULT_TYPE, destination);
        }
        TlsClientProtocol protocol = new TlsClientProtocol();
        protocol.connect(client);
        byte[] flight = new byte[protocol.getAvailableOutputBytes()];
        protocol.readOutput(flight, 0, flight.length);
        return flight;
    }

    /** server_name's data (RFC 6066 section 3): a list holding one host_name. */
    private static byte[] serverNameList(String host) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(5 + name.length).putShort((short) (3 + name.length)).put((byte) 0)
                .putShort((short) name.length).put(name).array();
    }

    private static byte[] clientHello(byte[] extensions) {
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 4 + 2 + (extensions == null ? 0 : 2 + extensions.length));
        body.putShort((short) 0x0303).put(new byte[32]).put((byte) 0).putShort((short) 2).putShort((short) 0x1301)
                .put((byte) 1).put((byte) 0);
        if (extensions != null) {
            body.putShort((short) extensions.length).put(extensions);
        }
        int length = body.capacity();
        return ByteBuffer.allocate(4 + length).put((byte) 1).put((byte) (length >> 16)).putShort((short) length)
                .put(body.array()).array();
    }

    private static byte[] record(int type, byte[] fragment) {
        return ByteBuffer.allocate(5 + fragment.length).put((byte) type).putShort((short) 0x0303)
                .putShort((short) fragment.length).put(fragment).array();
    }

    private static List<String> keysAndData(Map<Integer, byte[]> extensions) {
        return extensions.entrySet().stream().map(e -> e.getKey() + "=" + Arrays.toString(e.getValue())).toList();
    }
}
