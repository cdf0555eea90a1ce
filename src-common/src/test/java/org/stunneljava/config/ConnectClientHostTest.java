package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Programs;

/**
 * A connect client without {@code protocolHost}: a configuration error as in stunnel 5.73+ ({@code Service [c]:
 * protocolHost not specified}, from its connect_client_init). stunnel 5.68 starts such a service and fails each
 * connection with that line after connecting the proxy; this test runs 5.68 to show the difference is deliberate
 * (and so this case is not among the {@link ParityCases}).
 */
@Tag("e2e")
class ConnectClientHostTest {
    private static final String FILE = "foreground = yes\nsyslog = no\ndebug = notice\n"
            + "[c]\nclient = yes\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:1\nprotocol = connect\n";

    @TempDir
    Path dir;

    @Test
    void WeRefuseTheFileAsStunnel575Does() {
        Conf conf = new Conf(dir);
        conf.write("stunnel.conf", FILE);
        List<String> lines = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("stunnel.conf"), conf.env())).lines();
        assertEquals("Service [c]: protocolHost not specified", lines.getLast());
    }

    @Test
    void Stunnel568StartsTheServiceInstead() throws Exception {
        Path file = new Conf(dir).write("stunnel.conf", FILE);
        try (var stunnel = Programs.stunnel(file)) {
            stunnel.await("Configuration successful", Duration.ofSeconds(20));
        }
    }
}
