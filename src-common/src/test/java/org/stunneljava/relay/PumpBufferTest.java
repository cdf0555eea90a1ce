package org.stunneljava.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PumpBufferTest {
    @Test
    void idleAndInteractiveReadsUseTheSmallBuffer() {
        PumpBuffer b = new PumpBuffer();
        byte[] first = b.next();
        assertEquals(PumpBuffer.SMALL, first.length);
        b.filled(first, 100);
        assertSame(first, b.next());
    }

    @Test
    void aFullSmallReadStartsABurstAndAShortLargeReadEndsIt() {
        PumpBuffer b = new PumpBuffer();
        byte[] small = b.next();
        b.filled(small, PumpBuffer.SMALL);
        byte[] large = b.next();
        assertEquals(PumpBuffer.LARGE, large.length);
        b.filled(large, PumpBuffer.LARGE);
        assertSame(large, b.next(), "a burst keeps the large buffer while reads fill it");
        b.filled(large, 10);
        assertSame(small, b.next(), "a short read ends the burst");
    }

    @Test
    void growMovesAFilledSmallBufferIntoALargeOneThatTheBurstKeeps() {
        PumpBuffer b = new PumpBuffer();
        byte[] small = b.next();
        small[PumpBuffer.SMALL - 1] = 42;
        byte[] large = b.grow(small, PumpBuffer.SMALL);
        assertEquals(PumpBuffer.LARGE, large.length);
        assertEquals(42, large[PumpBuffer.SMALL - 1]);
        b.filled(large, PumpBuffer.LARGE);
        assertSame(large, b.next(), "a whole record read keeps the burst going");
        assertSame(large, b.grow(large, PumpBuffer.LARGE), "a large buffer does not grow");
    }
}
