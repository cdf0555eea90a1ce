package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public entry: file names, real paths, and the whole pipeline on a realistic file. */
class ConfigLoaderTest {
    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    @Test
    void MissingFileIsAnInvalidConfigurationFileName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Path.of("nope.conf"), conf.env()));
        assertEquals(List.of("Invalid configuration file name \"nope.conf\"",
                "realpath: No such file or directory (2)"), e.lines());
    }

    @Test
    void MessagesNameTheMainFileByItsRealPath() throws IOException {
        conf.write("real/stunnel.conf", "bogus");
        Path link = Files.createSymbolicLink(dir.resolve("link.conf"), dir.resolve("real/stunnel.conf"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(link, conf.env()));
        assertEquals(dir.toRealPath().resolve("real/stunnel.conf") + ":1: \"bogus\": No '=' found",
                e.lines().get(0));
    }

    @Test
    void RelativeFileNameIsResolvedAgainstTheWorkingDirectory() throws ConfigException, IOException {
        conf.write("stunnel.conf", "[s]", "client = yes", "accept = 1", "connect = 2");
        StunnelConfig c = ConfigLoader.load(Path.of("stunnel.conf"), conf.env());
        assertEquals(dir.toRealPath().resolve("stunnel.conf"), c.file());
    }

    @Test
    void DirectoryReadsAsAnEmptyFile() throws IOException {
        Files.createDirectories(dir.resolve("confdir"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("confdir"), conf.env()));
        assertEquals(List.of("Inetd mode: TLS server needs a certificate"), e.lines());
    }

    @Test
    void TypicalServerAndClientFileLoads() throws ConfigException {
        StunnelConfig c = conf.load(
                "; stunnel.conf as users write it",
                "foreground = yes",
                "pid = /run/stunnel.pid",
                "debug = info",
                "",
                "[https-in]",
                "accept = 0.0.0.0:443",
                "connect = 127.0.0.1:8080",
                "cert = /etc/stunnel/server.pem",
                "key = /etc/stunnel/server.key",
                "",
                "[db-out]",
                "client = yes",
                "accept = 127.0.0.1:15432",
                "connect = db.example:5432",
                "verifyChain = yes",
                "CAfile = /etc/stunnel/ca.pem",
                "checkHost = db.example",
                "sslVersionMin = TLSv1.2");
        assertEquals(2, c.services().size());
        ServiceConfig in = c.services().get(0);
        assertEquals(List.of(new Endpoint.Tcp("0.0.0.0", 443)), in.accept());
        assertEquals(Path.of("/etc/stunnel/server.key"), in.tls().key().orElseThrow());
        ServiceConfig out = c.services().get(1);
        assertEquals("db.example", out.tls().sni().orElseThrow());
        assertEquals(TlsVersion.TLSv1_2, out.tls().minVersion());
        assertTrue(out.tls().verification().verifyChain());
        assertEquals(org.stunneljava.log.Severity.INFO, out.debug());
        assertTrue(Conf.noticeTexts(c).stream().noneMatch(t -> t.contains("MITM") || t.contains("foreground")));
    }
}
