package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * stunnel's {@code transparent = source} in server mode, in the gateway lab: the app's connection goes through our
 * client program in gw (plain {@code connect}) to a server in exit with {@code transparent = source} and
 * {@code connect = dest1}, and dest1 sees the TLS client's address (gw's) instead of exit's, over IPv4 and IPv6,
 * with {@code iptables/source-up} routing dest1's answers back into the server. Our server and stunnel 5.68 in that
 * role behave the same.
 */
class TransparentSourceIT {
    private static final int GW_PORT = 12345; // fixed ports: each namespace has a port space of its own
    private static final int EXIT_PORT = 8443;

    @TempDir
    static Path dir;
    static TestPki pki;
    static GatewayLab lab;
    static Destination dest1;
    static AppClient app;
    static ManagedProcess client;

    @BeforeAll
    static void lab() throws Exception {
        Capabilities.command("stunnel");
        pki = TestPki.create(dir.resolve("pki"));
        lab = GatewayLab.create();
        dest1 = Destination.start(lab, Host.DEST1, 0);
        app = AppClient.start(lab);
        var up = lab.iptablesScript(Host.EXIT, "source-up");
        assertEquals(0, up.exitCode(), up.output());
        StringBuilder services = new StringBuilder("client = yes\n");
        for (Family f : Family.values()) {
            services.append("""
                    [gw-%s]
                    accept = %s
                    connect = %s
                    """.formatted(f, listen(lab.address(Host.GW, Host.APP, f).getHostAddress(), GW_PORT),
                    listen(lab.address(Host.EXIT, Host.GW, f).getHostAddress(), EXIT_PORT)));
        }
        client = InNamespace.stunnelJava(lab.namespace(Host.GW), Programs.Mode.CLIENT,
                Confs.write(dir, "gw.conf", services.toString()));
        client.await("Accepting new connections", Programs.START);
    }

    private static String listen(String host, int port) {
        return host + ":" + port;
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {client, app, dest1, lab}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @ParameterizedTest(name = "server: {0}")
    @ValueSource(strings = {"ours", "stunnel"})
    void theDestinationSeesTheTlsClientsAddress(String program) throws Exception {
        StringBuilder services = new StringBuilder("cert = " + pki.serverPem() + "\ntransparent = source\n");
        for (Family f : Family.values()) {
            services.append("""
                    [exit-%s]
                    accept = %s
                    connect = %s
                    """.formatted(f, listen(lab.address(Host.EXIT, Host.GW, f).getHostAddress(), EXIT_PORT),
                    listen(lab.address(Host.DEST1, f).getHostAddress(), dest1.port())));
        }
        Path conf = Confs.write(dir, program + "-exit.conf", services.toString());
        try (ManagedProcess server = program.equals("ours")
                ? InNamespace.stunnelJava(lab.namespace(Host.EXIT), Programs.Mode.SERVER, conf)
                : InNamespace.start(lab.namespace(Host.EXIT), "stunnel", List.of("stunnel", conf.toString()))) {
            server.awaitPort("exit-V6", Programs.START);
            for (Family f : Family.values()) {
                AppClient.Exchange e = app.exchange(lab.address(Host.GW, Host.APP, f), GW_PORT, 64 * 1024);
                assertTrue(e.ok(), f + ": " + e.failure() + "\nserver:\n" + server.output());
                assertEquals("dest1", e.greeter());
                assertEquals(lab.address(Host.GW, Host.EXIT, f), e.peerAddress(),
                        "dest1 saw the TLS client (gw), not the server's own address");
            }
            assertTrue(server.lines().stream().anyMatch(l -> l.contains("IP_TRANSPARENT socket option set")),
                    server.output());
        }
    }
}
