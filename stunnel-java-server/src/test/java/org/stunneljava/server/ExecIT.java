package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * {@code exec}/{@code execArgs}: a program per connection whose standard input and output are the plaintext side,
 * with stunnel's variables. The same file runs under stunnel 5.68 and under our server, and the program reports the
 * same environment and arguments to both (but {@code $0}, which the JDK cannot set: documented).
 */
class ExecIT {
    @TempDir
    static Path dir;
    static TestPki pki;
    static Path script;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.create(dir);
        script = dir.resolve("report.sh");
        Files.writeString(script, """
                #!/bin/sh
                echo "host=$REMOTE_HOST dn=$SSL_CLIENT_DN idn=$SSL_CLIENT_I_DN args=$*"
                exec cat
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String run(boolean stunnel) throws Exception {
        Path conf = Confs.write(dir, (stunnel ? "stunnel" : "ours") + "-exec.conf", """
                pid =
                [ex]
                accept = 127.0.0.1:0
                exec = %s
                execArgs = myname one  two
                cert = %s
                verifyChain = yes
                CAfile = %s
                """.formatted(script, pki.serverPem(), pki.caPem()));
        if (stunnel) {
            Capabilities.require(Capabilities.find("stunnel") != null, "stunnel 5.x (the interop peer)");
        }
        try (ManagedProcess server = stunnel ? Programs.stunnel(conf)
                : Programs.stunnelJava(Programs.Mode.SERVER, conf);
             SSLSocket client = JdkTls.connect(JdkTls.client(pki, pki.client()),
                     server.awaitPort("ex", Programs.START))) {
            client.getOutputStream().write("echoed\n".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            server.await("Local mode child started \\(PID=\\d+\\)", Programs.START);
            server.await("Child process \\d+ finished with code 0", Programs.START);
            return answer;
        }
    }

    @Test
    void theProgramSeesStunnelsVariablesAndArgumentsAndRelaysBothWays() throws Exception {
        String ours = run(false);
        assertTrue(ours.matches("host=127\\.0\\.0\\.1 dn=CN=client idn=CN=[^\n]+ args=one two\nechoed\n"), ours);
        assertEquals(run(true), ours, "stunnel 5.68 gives the program the same");
    }

    /** A program that cannot start ends that connection with a line saying why; the next one is served as usual. */
    @Test
    void aMissingProgramClosesTheConnectionWithOneLine() throws Exception {
        Path conf = Confs.write(dir, "missing-exec.conf", """
                [ex]
                accept = 127.0.0.1:0
                exec = %s
                cert = %s
                """.formatted(dir.resolve("no-such-program"), pki.serverPem()));
        try (ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, conf);
             SSLSocket client = JdkTls.connect(JdkTls.client(pki, null), server.awaitPort("ex", Programs.START))) {
            client.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, readOrEnd(client));
            server.await("exec: .*no-such-program: Cannot run program", Programs.START);
            server.await("Connection reset: 0 byte\\(s\\) sent to TLS, 0 byte\\(s\\) sent to socket",
                    Programs.START);
        }
    }

    private static int readOrEnd(SSLSocket client) {
        try {
            return client.getInputStream().read();
        } catch (java.io.IOException reset) {
            return -1;
        }
    }
}
