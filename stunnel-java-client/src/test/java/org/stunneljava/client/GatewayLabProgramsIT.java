package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * Our two programs, started as users start them but inside the gateway lab's namespaces (the client program in gw,
 * the server program in exit), carry the app's connections to dest1 over IPv4 and IPv6 with plain {@code connect}
 * services: the harness the transparent gateway's end-to-end tests build on, proven with our own jars.
 */
class GatewayLabProgramsIT {
    @TempDir
    static Path dir;

    @Test
    void theClientInGwAndTheServerInExitTunnelTheAppToADestinationOverIpv4AndIpv6() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        GatewayLab lab = GatewayLab.create();
        try (lab; Destination dest1 = Destination.start(lab, Host.DEST1, 0); AppClient app = AppClient.start(lab)) {
            int d = dest1.port();
            try (ManagedProcess server = InNamespace.stunnelJava(lab.namespace(Host.EXIT), Programs.Mode.SERVER,
                    Confs.write(dir, "exit.conf", "cert = " + pki.serverPem() + "\n"
                            + service("v4", lab.address(Host.EXIT, Host.GW, Family.V4), 0,
                                    lab.address(Host.DEST1, Family.V4), d)
                            + service("v6", lab.address(Host.EXIT, Host.GW, Family.V6), 0,
                                    lab.address(Host.DEST1, Family.V6), d)))) {
                int server4 = server.awaitPort("v4", Programs.START);
                int server6 = server.awaitPort("v6", Programs.START);
                try (ManagedProcess client = InNamespace.stunnelJava(lab.namespace(Host.GW), Programs.Mode.CLIENT,
                        Confs.write(dir, "gw.conf", "client = yes\n"
                                + service("v4", lab.address(Host.GW, Host.APP, Family.V4), 0,
                                        lab.address(Host.EXIT, Host.GW, Family.V4), server4)
                                + service("v6", lab.address(Host.GW, Host.APP, Family.V6), 0,
                                        lab.address(Host.EXIT, Host.GW, Family.V6), server6)))) {
                    for (Family f : Family.values()) {
                        String name = f == Family.V4 ? "v4" : "v6";
                        AppClient.Exchange e = app.exchange(lab.address(Host.GW, Host.APP, f),
                                client.awaitPort(name, Programs.START), 256 * 1024);
                        assertTrue(e.ok(), f + ": " + e.failure() + "\nclient:\n" + client.output()
                                + "\nserver:\n" + server.output());
                        assertEquals("dest1", e.greeter());
                        assertEquals(lab.address(Host.EXIT, Host.DEST1, f), e.peerAddress(),
                                "the server program in exit connected to dest1");
                    }
                }
            }
        }
        assertEquals(List.of(), lab.leftovers());
    }

    /** A service section; IPv6 literals split at the last colon, as in every stunnel.conf. */
    private static String service(String name, InetAddress accept, int acceptPort, InetAddress connect,
                                  int connectPort) {
        return "[" + name + "]\naccept = " + accept.getHostAddress() + ":" + acceptPort + "\nconnect = "
                + connect.getHostAddress() + ":" + connectPort + "\n";
    }
}
