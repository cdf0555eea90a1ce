package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * The server name our client sends ({@code sni = name}, {@code sni =} to send none, by default the host of the
 * first {@code connect}, IP literals as written), observed where it matters: which SNI virtual service of our
 * server program each client service reaches.
 */
class ClientSniIT {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Test
    void eachClientServiceReachesTheVirtualServiceItsNameSelects() throws Exception {
        try (Backends primary = Backends.tag("primary"); Backends named = Backends.tag("named");
             Backends local = Backends.tag("localhost");
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, Confs.write(dir, "server.conf", """
                     cert = %2$s
                     [virt]
                     accept = 127.0.0.1:0
                     connect = 127.0.0.1:%1$d
                     [named]
                     sni = virt:*.example.com
                     connect = 127.0.0.1:%3$d
                     [local]
                     sni = virt:localhost
                     connect = 127.0.0.1:%4$d
                     """.formatted(primary.port(), pki.serverPem(), named.port(), local.port())))) {
            int port = server.awaitPort("virt", Programs.START);
            try (ManagedProcess client = Programs.stunnelJava(Programs.Mode.CLIENT, Confs.write(dir, "client.conf", """
                    client = yes
                    [explicit]
                    accept = 127.0.0.1:0
                    connect = localhost:%1$d
                    sni = App.Example.com
                    [disabled]
                    accept = 127.0.0.1:0
                    connect = localhost:%1$d
                    sni =
                    [by-connect-host]
                    accept = 127.0.0.1:0
                    connect = localhost:%1$d
                    [ip-literal]
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%1$d
                    """.formatted(port)))) {
                assertEquals("named", through(client.awaitPort("explicit", Programs.START)));
                assertEquals("primary", through(client.awaitPort("disabled", Programs.START)));
                assertEquals("localhost", through(client.awaitPort("by-connect-host", Programs.START)));
                assertEquals("primary", through(client.awaitPort("ip-literal", Programs.START)));
                server.await("SNI: requested servername: App.Example.com", Programs.START);
                server.await("SNI: no servername received", Programs.START);
                server.await("SNI: no pattern matched servername: 127.0.0.1", Programs.START);
            }
        }
    }

    private static String through(int port) throws Exception {
        return new String(PlainClient.exchange(port, new byte[0]), StandardCharsets.US_ASCII).trim();
    }
}
