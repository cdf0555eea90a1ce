package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.testkit.lab.AppClient;
import org.stunneljava.testkit.lab.Destination;
import org.stunneljava.testkit.lab.GatewayLab;
import org.stunneljava.testkit.lab.GatewayLab.Family;
import org.stunneljava.testkit.lab.GatewayLab.Host;
import org.stunneljava.testkit.lab.InNamespace;

/**
 * stunnel's own {@code transparent = destination}, without {@code connect}, in both modes at once, in the
 * gateway lab: gw redirects the app's plaintext connection to dest1 into a client that connects <em>with TLS</em>
 * to that original destination; on its way the TLS connection passes exit, which redirects it into a server that
 * connects <em>in plaintext</em> to the original destination of the TLS connection it accepted, dest1 again. Each
 * pairing of our programs and the real stunnel 5.68 carries the app's bytes to dest1 over IPv4 and IPv6: the
 * meaning of the option is stunnel's, in each role.
 */
class TransparentDestinationIT {
    private static final int CLIENT_PORT = 12345; // fixed ports: each namespace has a port space of its own
    private static final int SERVER_PORT = 8443;

    @TempDir
    static Path dir;
    static TestPki pki;
    static GatewayLab lab;
    static Destination dest1;
    static AppClient app;

    @BeforeAll
    static void lab() throws Exception {
        Capabilities.command("stunnel");
        pki = TestPki.create(dir.resolve("pki"));
        lab = GatewayLab.create();
        dest1 = Destination.start(lab, Host.DEST1, 0);
        app = AppClient.start(lab);
        String d1 = Integer.toString(dest1.port());
        assertEquals(0, lab.iptablesScript(Host.GW, "gateway-up", "--port", Integer.toString(CLIENT_PORT), "--in",
                lab.iface(Host.GW, Host.APP), "--dports", d1).exitCode());
        // the client's TLS connection to dest1 passes exit: redirected there into the server
        assertEquals(0, lab.iptablesScript(Host.EXIT, "gateway-up", "--port", Integer.toString(SERVER_PORT), "--in",
                lab.iface(Host.EXIT, Host.GW), "--dports", d1).exitCode());
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {app, dest1, lab}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @CsvSource({"ours, ours", "stunnel, stunnel", "ours, stunnel", "stunnel, ours"})
    void bothModesConnectTheOriginalDestination(String clientProgram, String serverProgram) throws Exception {
        Path serverConf = Confs.write(dir, serverProgram + "-server.conf", """
                [tserver]
                accept = :::%d
                cert = %s
                transparent = destination
                """.formatted(SERVER_PORT, pki.serverPem()));
        Path clientConf = Confs.write(dir, clientProgram + "-client.conf", """
                [tclient]
                client = yes
                accept = :::%d
                transparent = destination
                verifyChain = yes
                CAfile = %s
                checkHost = localhost
                """.formatted(CLIENT_PORT, pki.caPem()));
        try (ManagedProcess server = start(Host.EXIT, serverProgram, Programs.Mode.SERVER, serverConf);
             ManagedProcess client = start(Host.GW, clientProgram, Programs.Mode.CLIENT, clientConf)) {
            server.awaitPort("tserver", Programs.START);
            client.awaitPort("tclient", Programs.START);
            for (Family family : Family.values()) {
                AppClient.Exchange e = app.exchange(lab.address(Host.DEST1, family), dest1.port(), 64 * 1024);
                assertTrue(e.ok(), family + ": " + e.failure() + "\nclient:\n" + client.output() + "\nserver:\n"
                        + server.output());
                assertEquals("dest1", e.greeter());
                assertEquals(lab.address(Host.EXIT, Host.DEST1, family), e.peerAddress(),
                        "dest1 was connected by the server in exit");
            }
            // TLS between them: the client shook hands with the server in exit, not with dest1
            assertTrue(client.lines().stream().anyMatch(l -> l.contains("TLS connected: new session negotiated")),
                    client.output());
            assertTrue(server.lines().stream().anyMatch(l -> l.contains("TLS accepted: new session negotiated")),
                    server.output());
        }
    }

    private static ManagedProcess start(Host host, String program, Programs.Mode mode, Path conf) throws Exception {
        return program.equals("ours") ? InNamespace.stunnelJava(lab.namespace(host), mode, conf)
                : InNamespace.start(lab.namespace(host), "stunnel-" + mode, List.of("stunnel", conf.toString()));
    }
}
