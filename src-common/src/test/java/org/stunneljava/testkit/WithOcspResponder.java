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

    @AfterAll
    static void stopOcspResponder() throws Exception {
        echo.close();
        responder.close();
    }
}
