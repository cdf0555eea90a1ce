package org.stunneljava.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * As {@link WithOcspResponder}, for tests that change the responder (misbehave, shorter validity): one
 * {@link TestPki} per class in {@link #dir}, and for each test a fresh responder on loopback and the
 * {@link OcspPki} whose AIA names it, with every leaf's status known to it. A subclass's own {@code @BeforeEach}
 * runs after this one's.
 */
public abstract class WithOcspResponderPerTest {
    @TempDir
    protected static Path dir;
    protected static TestPki base;
    protected OcspResponder responder;
    protected OcspPki pki;

    @BeforeAll
    static void createBasePki() throws Exception {
        base = TestPki.create(dir);
    }

    @BeforeEach
    void startOcspResponder() throws Exception {
        responder = OcspResponder.start();
        pki = OcspPki.answeredBy(base, responder);
    }

    @AfterEach
    void stopOcspResponder() {
        responder.close();
    }
}
