package org.stunneljava.tls;

import java.io.IOException;

import org.stunneljava.net.ChannelStreams;

/**
 * Sends each handshake flight in one socket write, as OpenSSL does, instead of one write per record as Bouncy
 * Castle does: its records are gathered and leave just before we wait for the peer's answer, and when the
 * handshake ends either way (a fatal alert included). A peer that refuses our first message then has the whole
 * flight in its buffer: it reads our certificate, sends its alert and closes cleanly, instead of closing while
 * the rest of our flight is still arriving, which turns into a reset that destroys the alert on both sides
 * (our next write fails with "Broken pipe" before we read why). Fewer writes also make handshakes cheaper.
 */
final class Flights {
    /** A handshake step of Bouncy Castle's blocking API. */
    interface Handshake {
        void run() throws IOException;
    }

    private Flights() {
    }

    /** Runs the handshake with flights gathered; streams other than ours (null) are left as they are. */
    static void gathered(ChannelStreams.Input in, ChannelStreams.Output out, Handshake handshake)
            throws IOException {
        if (in == null || out == null) {
            handshake.run();
            return;
        }
        out.cork();
        in.flushFirst(out);
        try {
            handshake.run();
        } finally {
            in.flushFirst(null);
            try {
                out.flushCorked(); // the last flight, or the fatal alert of a failed handshake
            } catch (IOException e) {
                // the peer is gone: the handshake's own outcome (already thrown or returned) tells the story
            } finally {
                out.uncork();
            }
        }
    }
}
