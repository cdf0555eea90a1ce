package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Programs;

/** The client program stops at start-up on TLS lists OpenSSL would refuse, with stunnel's lines and its own. */
@DisplayName("Client program: unusable ciphersuites and versions are start-up errors")
class CipherConfigIT {
    @TempDir
    static Path dir;

    private static ManagedProcess[] run(String name, String lines) throws Exception {
        Path conf = Confs.write(dir, name + ".conf", """
                pid =
                [c]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:9
                %s
                """.formatted(lines));
        return new ManagedProcess[]{Programs.stunnelJava(Programs.Mode.CLIENT, conf), Programs.stunnel(conf)};
    }

    private static List<String> errors(ManagedProcess p) {
        return p.lines().stream().filter(l -> l.contains("[!] ") || l.contains("LOG3["))
                .map(l -> l.substring(l.indexOf(']') + 2).strip()).toList();
    }

    @Test
    void ciphersuitesWithoutOneKnownName() throws Exception {
        ManagedProcess[] p = run("suites", "ciphersuites = TLS_AES_128_GCM_SHA512:TLS_FOO");
        try (ManagedProcess ours = p[0]; ManagedProcess stunnel = p[1]) {
            assertEquals(1, ours.awaitExit(Programs.START), ours.output());
            assertEquals(1, stunnel.awaitExit(Programs.START), stunnel.output());
            List<String> e = errors(ours);
            Path file = dir.resolve("suites.conf").toRealPath();
            int line = Confs.PREAMBLE.split("\n").length + 6;
            assertEquals(List.of("SSL_CTX_set_ciphersuites: error:0A0000B9:SSL routines::no cipher match",
                    file + ":" + line + ": \"ciphersuites = TLS_AES_128_GCM_SHA512:TLS_FOO\": no TLS 1.3 cipher suite"
                            + " in \"TLS_AES_128_GCM_SHA512:TLS_FOO\"; accepted: TLS_AES_256_GCM_SHA384,"
                            + " TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256, TLS_AES_128_CCM_SHA256,"
                            + " TLS_AES_128_CCM_8_SHA256 (or an IANA name of a TLS 1.2 suite)",
                    "Service [c]: Failed to initialize TLS context", "Configuration failed"),
                    e.subList(e.size() - 4, e.size()));
            List<String> s = errors(stunnel);
            assertTrue(s.stream().anyMatch(l -> l.startsWith("SSL_CTX_set_ciphersuites: ")), s.toString());
            assertTrue(s.stream().anyMatch(l -> l.endsWith("SSL routines::no cipher match")), s.toString());
            assertEquals(e.subList(e.size() - 2, e.size()), s.subList(s.size() - 2, s.size()));
            assertTrue(ours.boundPorts().isEmpty());
        }
    }

    /** Options and the security level can leave no version: said at start-up rather than at every connection. */
    @Test
    void noVersionLeft() throws Exception {
        Path conf = Confs.write(dir, "none.conf", """
                pid =
                [c]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:9
                sslVersionMax = TLSv1.2
                options = NO_TLSv1_2
                """);
        try (ManagedProcess ours = Programs.stunnelJava(Programs.Mode.CLIENT, conf)) {
            assertEquals(1, ours.awaitExit(Programs.START), ours.output());
            List<String> e = errors(ours);
            assertEquals(List.of("Service [c]: no protocol version left to negotiate: TLSv1.2 is disabled by options ="
                            + " NO_TLSv1_2, TLSv1.1 is below security level 2, TLSv1 is below security level 2",
                    "Service [c]: Failed to initialize TLS context", "Configuration failed"),
                    e.subList(e.size() - 3, e.size()));
        }
    }
}
