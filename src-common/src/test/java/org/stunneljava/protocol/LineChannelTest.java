package org.stunneljava.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.Timeouts;
import org.stunneljava.relay.Connection;
import org.stunneljava.relay.PlainSide;
import org.stunneljava.testkit.RecordingLog;

/**
 * {@link LineChannel} over a loopback connection: stunnel's fd_getline rules (one byte at a time, so nothing after
 * the line is consumed; CR dropped anywhere; NUL ends a line; 64 KiB limit), its failure wording on each kind of
 * channel, and the readiness sniff of the smtp and imap servers.
 */
class LineChannelTest {
    private SocketChannel ours;
    private SocketChannel peer;
    private RecordingLog log;
    private LineChannel channel;

    @BeforeEach
    void connect() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            peer = SocketChannel.open(listener.getLocalAddress());
            ours = listener.accept();
        }
        log = new RecordingLog();
        channel = LineChannel.plain(new Connection("t", false, log, Timeouts.DEFAULTS), new PlainSide(ours));
    }

    @AfterEach
    void close() throws IOException {
        ours.close();
        peer.close();
    }

    private void peerSends(String text) throws IOException {
        peer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aLineLeavesWhatFollowsItInTheSocket() throws IOException {
        peerSends("EHLO x\r\n\u0016\u0003\u0001rest");
        assertEquals("EHLO x", channel.readLine());
        assertArrayEquals(new byte[]{0x16, 0x03, 0x01, 'r', 'e', 's', 't'}, channel.readExactly(7));
        assertEquals(List.of("LOG7[test]:  <- EHLO x"), log.lines());
    }

    @Test
    void carriageReturnsAnywhereAreDroppedAndNulEndsALine() throws IOException {
        peerSends("a\rb\r\r\nfirst\0second\n");
        assertEquals("ab", channel.readLine());
        assertEquals("first", channel.readLine());
        assertEquals("second", channel.readLine());
    }

    @Test
    void linesAreWrittenWithCrlfAndLogged() throws IOException {
        channel.writeLine("220 Go ahead");
        ByteBuffer got = ByteBuffer.allocate(14);
        while (got.hasRemaining()) {
            peer.read(got);
        }
        assertEquals("220 Go ahead\r\n", new String(got.array(), StandardCharsets.ISO_8859_1));
        assertEquals(List.of("LOG7[test]:  -> 220 Go ahead"), log.lines());
    }

    @Test
    void sixtyFourKibibytesIsTheLongestLine() throws IOException {
        String longest = "x".repeat(LineChannel.MAX_LINE);
        peerSends(longest + "\n" + longest + "y\n");
        assertEquals(longest, channel.readLine());
        NegotiationFailure tooLong = assertThrows(NegotiationFailure.class, channel::readLine);
        assertEquals("fd_getline: Line too long", tooLong.getMessage());
        assertTrue(tooLong.reset());
    }

    @Test
    void insideTlsTheFailuresNameStunnelsTlsFunctions() throws IOException {
        LineChannel tls = LineChannel.tls(new Connection("t", false, log, Timeouts.DEFAULTS), new PlainSide(ours));
        peerSends("x".repeat(LineChannel.MAX_LINE + 1));
        assertEquals("ssl_getline: Line too long", assertThrows(NegotiationFailure.class, tls::readLine)
                .getMessage());
        peer.shutdownOutput();
        assertEquals("s_ssl_read: Unexpected socket close", assertThrows(NegotiationFailure.class, tls::readLine)
                .getMessage());
    }

    @Test
    void endOfStreamInsideALineIsAnUnexpectedClose() throws IOException {
        peerSends("220 partial");
        peer.shutdownOutput();
        NegotiationFailure eof = assertThrows(NegotiationFailure.class, channel::readLine);
        assertEquals("s_read: Unexpected socket close", eof.getMessage());
        assertTrue(eof.reset());
    }

    @Test
    void aSilentPeerIsNotReadableAndTheWaitIsTheLimit() throws IOException {
        long start = System.nanoTime();
        assertFalse(channel.readableWithin(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
        assertTrue(ours.isBlocking());
    }

    @Test
    void aPeerThatSpokeIsReadableAndNothingIsConsumed() throws IOException {
        peerSends("\u0016");
        assertTrue(channel.readableWithin(Duration.ofSeconds(10)));
        assertTrue(ours.isBlocking());
        assertEquals(0x16, channel.readByte());
    }

    @Test
    void aPeerThatClosedIsReadable() throws IOException {
        peer.shutdownOutput();
        assertTrue(channel.readableWithin(Duration.ofSeconds(10)));
    }
}
