package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;

/**
 * {@code protocol = socks} in server mode, in-process, byte for byte: the requests and replies stunnel 5.68 was
 * seen to exchange (notes, section 7.1), the same log lines and the same ends (relay, closed, reset); the two
 * deliberate differences (a reply after the connect, so a failed connect is answered; the IPv4-mapped loopback
 * refused); then {@code protocolAllow}. {@code 0.0.0.0} is the reachable target that is not loopback, as in the
 * research: connect() takes it to this host.
 */
class SocksServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tlsClient;
    static Backends echo;
    static InProcessService server;
    static String p; // the echo backend's port, 4 hex digits

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tlsClient = JdkTls.client(pki, null);
        echo = Backends.echo();
        p = String.format("%04x", echo.port());
        server = InProcessServer.start(service("socks", ""));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        echo.close();
    }

    private static ServiceConfig service(String name, String options) throws Exception {
        return ServiceConfigs.load(dir, name, """
                [%s]
                accept = 127.0.0.1:0
                cert = %s
                protocol = socks
                %s
                """.formatted(name, pki.serverPem(), options));
    }

    /** One TLS connection: write hex, read an exact hex reply, relay a line, see the end. */
    private static final class Exchange implements AutoCloseable {
        final SSLSocket tls;

        Exchange(InProcessService s) throws IOException {
            tls = JdkTls.connect(tlsClient, s.port());
        }

        Exchange send(String hex) throws IOException {
            tls.getOutputStream().write(HEX.parseHex(hex.replace(" ", "")));
            return this;
        }

        Exchange expect(String hex) throws IOException {
            String want = hex.replace(" ", "");
            byte[] got = tls.getInputStream().readNBytes(want.length() / 2);
            assertEquals(want, HEX.formatHex(got));
            return this;
        }

        Exchange relays() throws IOException {
            tls.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hi\n", new String(tls.getInputStream().readNBytes(3), StandardCharsets.US_ASCII));
            return this;
        }

        String end() throws IOException {
            return Ports.readUntilEnd(tls.getInputStream());
        }

        @Override
        public void close() throws IOException {
            tls.close();
        }
    }

    /** Runs one exchange that the server ends after its reply, and returns the connection's log lines. */
    private static java.util.List<String> answered(String... steps) throws Exception {
        int before = server.connectionLogs().size();
        try (Exchange x = new Exchange(server)) {
            for (int i = 0; i < steps.length; i += 2) {
                x.send(steps[i]).expect(steps[i + 1]);
            }
            assertEquals("eof", x.end());
        }
        return closedLog(before);
    }

    private static java.util.List<String> closedLog(int index) throws InterruptedException {
        org.stunneljava.testkit.Poll.until(() -> server.connectionLogs().size() > index
                && server.connectionLogs().get(index).lines().stream().anyMatch(l -> l.contains("Connection ")),
                WAIT, "the close line");
        return server.connectionLogs().get(index).lines();
    }

    private static void hasInOrder(java.util.List<String> lines, String... expected) {
        int at = -1;
        for (String e : expected) {
            int found = -1;
            for (int i = at + 1; i < lines.size(); i++) {
                if (lines.get(i).startsWith(e)) {
                    found = i;
                    break;
                }
            }
            assertTrue(found > at, () -> "no \"" + e + "\" in order in:\n" + String.join("\n", lines));
            at = found;
        }
    }

    @Test
    void socks5ToAnIpv4AddressIsRepliedWithItsEchoAndRelayed() throws Exception {
        int before = server.connectionLogs().size();
        try (Exchange x = new Exchange(server)) {
            x.send("05 01 00").expect("05 00").send("05 01 00 01 00000000" + p).expect("05 00 00 01 00000000" + p)
                    .relays();
        }
        hasInOrder(closedLog(before), "LOG7[test]: Waiting for the SOCKS request",
                "LOG6[test]: SOCKS5 IPv4 address received", "LOG5[test]: s_connect: connected 0.0.0.0:" + echo.port(),
                "LOG5[test]: Connection closed: 3 byte(s) sent to TLS, 3 byte(s) sent to socket");
    }

    @Test
    void socks5ToANameIsRepliedWithZerosAndRelayed() throws Exception {
        int before = server.connectionLogs().size();
        try (Exchange x = new Exchange(server)) {
            x.send("05 01 00").expect("05 00").send("05 01 00 03 07" + HEX.formatHex("0.0.0.0".getBytes()) + p)
                    .expect("05 00 00 01 00000000 0000").relays();
        }
        hasInOrder(closedLog(before), "LOG6[test]: SOCKS5 resolved \"0.0.0.0\" to 1 host(s)",
                "LOG5[test]: Connection closed: 3 byte(s) sent to TLS, 3 byte(s) sent to socket");
    }

    @Test
    void socks5LoopbackIsRejectedAsStunnelRejectsIt() throws Exception {
        hasInOrder(answered("05 01 00", "05 00", "05 01 00 01 7f000001" + p, "05 02 00 01 7f000001" + p),
                "LOG6[test]: SOCKS5 IPv4 address received", "LOG3[test]: SOCKS connection to the IPv4 loopback rejected",
                "LOG5[test]: Connection closed: 0 byte(s) sent to TLS, 0 byte(s) sent to socket");
        hasInOrder(answered("05 01 00", "05 00", "05 01 00 01 7f010203" + p, "05 02 00 01 7f010203" + p),
                "LOG3[test]: SOCKS connection to the IPv4 loopback rejected");
        hasInOrder(answered("05 01 00", "05 00", "05 01 00 03 09" + HEX.formatHex("localhost".getBytes()) + p,
                "05 02 00 01 00000000 0000"), "LOG3[test]: SOCKS connection to the IPv4 loopback rejected");
        assertTrue(server.lines().stream().anyMatch(l -> l.startsWith("LOG6[test]: SOCKS5 resolved \"localhost\" to ")));
        String v6 = "00000000000000000000000000000001";
        hasInOrder(answered("05 01 00", "05 00", "05 01 00 04" + v6 + p, "05 02 00 04" + v6 + p),
                "LOG6[test]: SOCKS5 IPv6 address received", "LOG3[test]: SOCKS connection to the IPv6 loopback rejected");
    }

    /** Deliberate difference: stunnel connects ::ffff:127.0.0.1, past its own loopback check. */
    @Test
    void theIpv4MappedLoopbackIsRejectedToo() throws Exception {
        String mapped = "00000000000000000000ffff7f000001";
        hasInOrder(answered("05 01 00", "05 00", "05 01 00 04" + mapped + p, "05 02 00 04" + mapped + p),
                "LOG6[test]: SOCKS5 IPv6 address received", "LOG3[test]: SOCKS connection to the IPv4 loopback rejected");
    }

    @Test
    void socks5ErrorsAreStunnelsReplies() throws Exception {
        hasInOrder(answered("05 01 02", "05 ff"),
                "LOG3[test]: No supported SOCKS5 authentication method received", "LOG5[test]: Connection closed: 0");
        hasInOrder(answered("05 01 00", "05 00", "05 03 00 03 09" + HEX.formatHex("nosuch.in".getBytes()) + p,
                        "05 07 00 01 00000000 0000"), "LOG3[test]: Unsupported SOCKS5 command 0x03");
        hasInOrder(answered("05 01 00", "05 00", "05 02 00 01 00000000" + p, "05 07 00 01 00000000 0000"),
                "LOG3[test]: Unsupported SOCKS5 command 0x02");
        hasInOrder(answered("05 01 00", "05 00", "05 01 00 09 00000000" + p, "05 07 00 01 00000000 0000"),
                "LOG3[test]: Unsupported SOCKS5 address type 0x09");
        hasInOrder(answered("05 01 00", "05 00", "04 01 00 01 00000000" + p, "05 01 00 01 00000000 0000"),
                "LOG3[test]: Invalid SOCKS5 message version 0x04");
        hasInOrder(answered("05 01 00", "05 00", "05 01 00 03 0e" + HEX.formatHex("nosuch.invalid".getBytes()) + p,
                        "05 04 00 01 00000000 0000"),
                "LOG3[test]: Error resolving \"nosuch.invalid\": Neither nodename nor servname known (EAI_NONAME)",
                "LOG3[test]: SOCKS5 failed to resolve \"nosuch.invalid\"");
        hasInOrder(answered("05 01 00", "05 00", "05 f0 00 03 09" + HEX.formatHex("localhost".getBytes()) + p,
                "05 00 00 01 7f000001 0000"), "LOG6[test]: SOCKS5/TOR resolved \"localhost\" to IPv4");
    }

    /** Deliberate difference: stunnel replies success first and resets when the connect fails. */
    @Test
    void aFailedConnectIsAnsweredConnectionRefused() throws Exception {
        String closed = String.format("%04x", Ports.closed());
        hasInOrder(answered("05 01 00", "05 00", "05 01 00 01 00000000" + closed, "05 05 00 01 00000000" + closed),
                "LOG3[test]: No more addresses to connect", "LOG5[test]: Connection closed: 0 byte(s)");
        hasInOrder(answered("04 01" + closed + "00000000 00", "00 5b" + closed + "00000000"),
                "LOG6[test]: SOCKS4 address received", "LOG3[test]: No more addresses to connect");
    }

    @Test
    void socks4And4aAsStunnel() throws Exception {
        int before = server.connectionLogs().size();
        try (Exchange x = new Exchange(server)) {
            x.send("04 01" + p + "00000000" + HEX.formatHex("user\0".getBytes())).expect("00 5a" + p + "00000000")
                    .relays();
        }
        hasInOrder(closedLog(before), "LOG6[test]: SOCKS4 address received", "LOG5[test]: Connection closed: 3");
        before = server.connectionLogs().size();
        try (Exchange x = new Exchange(server)) {
            x.send("04 01" + p + "00000009 00" + HEX.formatHex("0.0.0.0\0".getBytes())).expect("00 5a" + p + "00000009")
                    .relays();
        }
        hasInOrder(closedLog(before), "LOG6[test]: SOCKS4a resolved \"0.0.0.0\" to 1 host(s)");
        hasInOrder(answered("04 01" + p + "7f000001 00", "00 5b" + p + "7f000001"),
                "LOG3[test]: SOCKS connection to the IPv4 loopback rejected");
        hasInOrder(answered("04 01" + p + "00000001" + HEX.formatHex("u\0localhost\0".getBytes()), "00 5b" + p + "00000001"),
                "LOG3[test]: SOCKS connection to the IPv4 loopback rejected");
        hasInOrder(answered("04 02" + p + "00000000 00", "00 5b" + p + "00000000"),
                "LOG3[test]: Unsupported SOCKS4/SOCKS4a command 0x02");
        hasInOrder(answered("04 f0" + p + "00000001 00" + HEX.formatHex("localhost\0".getBytes()), "00 5a" + p + "7f000001"),
                "LOG6[test]: SOCKS4a/TOR resolved \"localhost\"");
    }

    @Test
    void anUnknownVersionIsReset() throws Exception {
        int before = server.connectionLogs().size();
        try (Exchange x = new Exchange(server)) {
            x.send("06");
            assertFalse(x.end().isEmpty());
        }
        hasInOrder(closedLog(before), "LOG3[test]: Unsupported SOCKS version 0x06",
                "LOG5[test]: Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket");
    }

    @Test
    void withProtocolAllowTheLinesDecideInsteadOfTheLoopbackCheck() throws Exception {
        try (InProcessService allowing = InProcessServer.start(service("allow", """
                protocolAllow = 127.0.0.1:%1$d
                protocolAllow = localhost:%1$d
                protocolAllow = [::1]:%1$d
                """.formatted(echo.port())))) {
            try (Exchange x = new Exchange(allowing)) {
                x.send("05 01 00").expect("05 00").send("05 01 00 01 7f000001" + p).expect("05 00 00 01 7f000001" + p)
                        .relays();
            }
            try (Exchange x = new Exchange(allowing)) {
                x.send("04 01" + p + "00000001 00" + HEX.formatHex("LOCALHOST\0".getBytes()))
                        .expect("00 5a" + p + "00000001").relays();
            }
            try (Exchange x = new Exchange(allowing)) {
                x.send("05 01 00").expect("05 00").send("05 01 00 01 7f000002" + p).expect("05 02 00 01 7f000002" + p);
                assertEquals("eof", x.end());
            }
            try (Exchange x = new Exchange(allowing)) {
                x.send("05 01 00").expect("05 00").send("05 01 00 03 0b" + HEX.formatHex("example.com".getBytes()) + p)
                        .expect("05 02 00 01 00000000 0000");
                assertEquals("eof", x.end());
            }
            try (Exchange x = new Exchange(allowing)) {
                x.send("05 01 00").expect("05 00").send("05 f0 00 03 09" + HEX.formatHex("localhost".getBytes()) + p)
                        .expect("05 02 00 01 00000000 0000");
                assertEquals("eof", x.end());
            }
            allowing.awaitClosed(5, WAIT);
            java.util.List<String> lines = allowing.lines();
            assertTrue(lines.contains("LOG6[test]: protocolAllow: (no certificate) at " + lines.stream()
                    .filter(l -> l.contains("asked for 127.0.0.1:")).findFirst().orElseThrow()
                    .replaceAll(".* at (\\S+) asked.*", "$1") + " asked for 127.0.0.1:" + echo.port()
                    + ", allowed by protocolAllow = 127.0.0.1:" + echo.port()), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("LOG4[test]: Service [allow] REFUSED destination:")
                    && l.endsWith("asked for 127.0.0.2:" + echo.port() + ": no protocolAllow line matches")));
            assertTrue(lines.stream().anyMatch(l -> l.endsWith("asked for example.com:" + echo.port()
                    + ": no protocolAllow line matches")));
            assertFalse(lines.stream().anyMatch(l -> l.contains("resolved \"example.com\"")), "never resolved");
            assertTrue(lines.stream().anyMatch(l -> l.endsWith("asked for localhost:" + echo.port()
                    + ": RESOLVE requests are refused when protocolAllow lines are set")));
            assertFalse(lines.stream().anyMatch(l -> l.contains("loopback rejected")));
        }
    }
}
