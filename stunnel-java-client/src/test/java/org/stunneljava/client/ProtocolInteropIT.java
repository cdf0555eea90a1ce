package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ConnectTestProxy;
import org.stunneljava.testkit.ConnectTestProxy.Answer;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * The connect and socks protocols between our built programs and the real stunnel 5.68, each side in each role,
 * and curl as the real SOCKS and HTTPS-proxy client: our connect client through a test proxy to a stunnel server;
 * our connect client to stunnel's connect server; stunnel's connect client to ours; curl's four SOCKS flavours
 * through stunnel's client to our socks server (0.0.0.0 as the reachable non-loopback target, as the research did);
 * curl through our https-proxy.
 */
class ProtocolInteropIT {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static ManagedProcess stunnel(String name, String service) throws Exception {
        return Programs.stunnel(Confs.write(dir, name + ".conf", "pid =\n" + service));
    }

    private static ManagedProcess ours(Programs.Mode mode, String name, String service) throws Exception {
        return OurPrograms.started(mode, Confs.write(dir, name + ".conf", service));
    }

    private static String exchange(int port, String text) throws Exception {
        return new String(PlainClient.exchange(port, text.getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
    }

    @Test
    void ourConnectClientReachesAStunnelServerThroughAProxyThatChecksItsRequest() throws Exception {
        try (Backends echo = Backends.echo();
             ManagedProcess server = stunnel("c1-server", """
                     [s]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     cert = %s
                     """.formatted(echo.port(), pki.serverPem()));
             ConnectTestProxy proxy = ConnectTestProxy.start(server.awaitPort("s", Programs.START),
                     r -> r.basicCredentials().equals(Optional.of("alice:s3cret"))
                             ? Answer.tunnel("HTTP/1.1 200 Connection established\r\n\r\n")
                             : Answer.close("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"));
             ManagedProcess client = ours(Programs.Mode.CLIENT, "c1-client", """
                     [c]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     protocol = connect
                     protocolHost = localhost:443
                     protocolUsername = alice
                     protocolPassword = s3cret
                     protocolHeader = User-Agent: stunnel-java-test
                     %s""".formatted(proxy.port(), OurPrograms.verifyingLocalhost(pki.caPem())))) {
            assertEquals("through the proxy\n", exchange(client.awaitPort("c", Programs.START),
                    "through the proxy\n"));
            assertEquals("CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\nProxy-Authorization: basic "
                    + "YWxpY2U6czNjcmV0\r\nUser-Agent: stunnel-java-test\r\n\r\n",
                    proxy.requests().poll(30, TimeUnit.SECONDS).text());
            client.await("CONNECT request accepted", Programs.START);
            client.await("Certificate accepted at depth=0: CN=localhost", Programs.START);
        }
    }

    @Test
    void ourConnectClientTalksToStunnelsConnectServer() throws Exception {
        try (Backends echo = Backends.echo();
             ManagedProcess server = stunnel("c2-server", """
                     [cs]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:1
                     cert = %s
                     protocol = connect
                     """.formatted(pki.serverPem()));
             ManagedProcess client = ours(Programs.Mode.CLIENT, "c2-client", """
                     [c]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     protocol = connect
                     protocolHost = 127.0.0.1:%d
                     %s""".formatted(server.awaitPort("cs", Programs.START), echo.port(),
                     OurPrograms.verifyingLocalhost(pki.caPem())) + "sni = localhost\n")) {
            assertEquals("to stunnel's connect server\n", exchange(client.awaitPort("c", Programs.START),
                    "to stunnel's connect server\n"));
            client.await("CONNECT request accepted", Programs.START);
            server.await("s_connect: connected 127.0.0.1:" + echo.port(), Programs.START);
        }
    }

    @Test
    void stunnelsConnectClientTalksToOurConnectServer() throws Exception {
        try (Backends echo = Backends.echo();
             ManagedProcess server = ours(Programs.Mode.SERVER, "c3-server", """
                     [cs]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:1
                     cert = %s
                     protocol = connect
                     """.formatted(pki.serverPem()));
             ManagedProcess client = stunnel("c3-client", """
                     [c]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     protocol = connect
                     protocolHost = 127.0.0.1:%d
                     sni = localhost
                     %s""".formatted(server.awaitPort("cs", Programs.START), echo.port(),
                     OurPrograms.verifyingLocalhost(pki.caPem())))) {
            assertEquals("to our connect server\n", exchange(client.awaitPort("c", Programs.START),
                    "to our connect server\n"));
            client.await("CONNECT request accepted", Programs.START);
            server.await("s_connect: connected 127.0.0.1:" + echo.port(), Programs.START);
            server.await("Service \\[cs\\]: \"protocol = connect\" without \"protocolAllow\": any client that passes"
                    + " the TLS checks may reach any address", Programs.START);
        }
    }

    @Test
    void curlsSocksFlavoursReachOurSocksServerThroughStunnelsClient() throws Exception {
        Path curl = Capabilities.command("curl");
        try (Backends http = Backends.httpOk("hello from backend\n");
             ManagedProcess server = ours(Programs.Mode.SERVER, "s-server", """
                     [socks]
                     accept = 127.0.0.1:0
                     cert = %s
                     protocol = socks
                     """.formatted(pki.serverPem()));
             ManagedProcess client = stunnel("s-client", """
                     [c]
                     client = yes
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%d
                     %s""".formatted(server.awaitPort("socks", Programs.START),
                     OurPrograms.verifyingLocalhost(pki.caPem())))) {
            String socks = "127.0.0.1:" + client.awaitPort("c", Programs.START);
            String target = "http://0.0.0.0:" + http.port() + "/";
            for (String flavour : List.of("--socks5", "--socks5-hostname", "--socks4", "--socks4a")) {
                assertEquals(new Run(0, "hello from backend\n"), curl(curl, flavour, socks, target), flavour);
            }
            assertEquals(97, curl(curl, "--socks5", socks, "http://127.0.0.1:" + http.port() + "/").code());
            assertEquals(97, curl(curl, "--socks5-hostname", socks, "http://localhost:" + http.port() + "/").code());
            server.await("SOCKS4a resolved \"0.0.0.0\" to 1 host\\(s\\)", Programs.START);
            server.await("SOCKS connection to the IPv4 loopback rejected", Programs.START);
        }
    }

    @Test
    void curlUsesOurHttpsProxy() throws Exception {
        Path curl = Capabilities.command("curl");
        try (Backends http = Backends.httpOk("hello from backend\n");
             ManagedProcess proxy = ours(Programs.Mode.SERVER, "https-proxy", """
                     [p]
                     accept = 127.0.0.1:0
                     cert = %s
                     protocol = https-proxy
                     protocolAllow = 127.0.0.1:%d
                     """.formatted(pki.serverPem(), http.port()))) {
            String via = "https://127.0.0.1:" + proxy.awaitPort("p", Programs.START);
            assertEquals(new Run(0, "hello from backend\n"), curl(curl, "--proxy", via, "--proxy-cacert",
                    pki.caPem().toString(), "-p", "http://127.0.0.1:" + http.port() + "/"));
            proxy.await("https-proxy: tunnel \\(no certificate\\) at 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:"
                    + http.port() + " closed after", Programs.START);
        }
    }

    private record Run(int code, String out) {
    }

    private static Run curl(Path curl, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(curl.toString(), "-sS", "-m", "20"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
