package org.stunneljava.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file without sections is inetd mode: stunnel's own errors first, then "not supported yet". */
class InetdModeTest {
    private static final String NOT_YET =
            "Inetd mode: not supported yet (put the service in a [section] with \"accept\")";

    @TempDir
    Path dir;
    Conf conf;

    @BeforeEach
    void setUp() {
        conf = new Conf(dir);
    }

    @Test
    void EmptyFileNeedsACertificateAsInStunnel() {
        assertEquals(List.of("Inetd mode: TLS server needs a certificate"), conf.error());
    }

    @Test
    void AcceptIsOnlyAllowedInASection() {
        assertEquals("Inetd mode: 'accept' option is only allowed in a [section]",
                conf.lastError("client = yes", "accept = 1", "connect = 2"));
    }

    @Test
    void InetdModeNeedsExactlyOneEndpoint() {
        assertEquals("Inetd mode: Inetd mode must define one endpoint", conf.lastError("client = yes"));
    }

    @Test
    void GlobalChecksComeFirst() {
        assertEquals("Global options: Pid file must include full path name", conf.lastError("pid = x.pid"));
    }

    @Test
    void ValidInetdFileIsRefusedAsNotSupportedYet() {
        assertEquals(List.of(NOT_YET), conf.error("foreground = yes", "client = yes", "connect = 443"));
        assertEquals(List.of(NOT_YET), conf.error("foreground = yes", Conf.SERVER, "connect = 80"));
    }
}
