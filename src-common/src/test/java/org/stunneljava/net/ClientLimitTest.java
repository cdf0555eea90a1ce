package org.stunneljava.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** stunnel's implicit limit formula, and a count that many threads at once can never push past the limit. */
class ClientLimitTest {
    @ParameterizedTest(name = "{0} descriptors: {1} clients")
    @CsvSource({"20, 7", "20000, 9765", "1024, 500", "256, 125", "255, 124", "16, 5", "10, 5", "0, 0", "-1, 0"})
    void stunnelsImplicitLimit(long fds, int clients) {
        assertEquals(clients, ClientLimit.implicitMax(fds));
    }

    @Test
    void noLimitCountsButNeverRefuses() {
        ClientLimit none = ClientLimit.of(0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(none.tryAcquire());
        }
        assertEquals(1000, none.open());
    }

    @Test
    void manyThreadsAtOnceGetExactlyTheLimit() throws Exception {
        ClientLimit limit = ClientLimit.of(5);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (limit.tryAcquire()) {
                    admitted.incrementAndGet();
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(5, admitted.get());
        assertFalse(limit.tryAcquire());
        limit.release();
        assertTrue(limit.tryAcquire(), "room again once one is released");
    }
}
