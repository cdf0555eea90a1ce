package org.stunneljava.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * For a test class whose tests share one OCSP responder on loopback: a {@link TestPki} in {@link #dir}, the
 * responder, the {@link OcspPki} whose AIA names it, with every leaf's status known to it
 * ({@link OcspPki#configure}), and an {@link Backends#echo() echo backend} for tunnels to connect to. Started before
 * the class's first test, stopped after its last; a subclass's own {@code @BeforeAll} runs after this one.
 */
public abstract class WithOcspResponder {
    @TempDir
    protected static Path dir;
    protected static TestPki base;
    protected static OcspResponder responder;
    protected static OcspPki pki;
    protected static Backends echo;

    @BeforeAll
    static void startOcspResponder() throws Exception {
        base = TestPki.create(dir);
        responder = OcspResponder.start();
        pki = OcspPki.answeredBy(base, responder);
        echo = Backends.echo();
    }

    /**
     * The client side of stunnel's scenario 39, for our client or stunnel's: global lines that check each server's
     * certificate with {@link #responder} ({@code OCSP = url}), and services {@code [to-good]}, {@code [to-revoked]}
     * and {@code [to-unknown]} connecting to servers presenting {@link #pki}'s matching certificates.
     */
    protected static String scenario39Clients(int goodPort, int revokedPort, int unknownPort) {
        return """
                debug = debug
                client = yes
                verifyChain = yes
                CAfile = %s
                OCSP = %s
                [to-good]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                [to-revoked]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                [to-unknown]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                """.formatted(base.caPem(), responder.url(), goodPort, revokedPort, unknownPort);
    }

    @AfterAll
    static void stopOcspResponder() throws Exception {
        echo.close();
        responder.close();
    }
}
