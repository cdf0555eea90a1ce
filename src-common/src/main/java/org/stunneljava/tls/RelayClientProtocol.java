package org.stunneljava.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsClientProtocol;
import org.stunneljava.net.ChannelStreams;

/**
 * Bouncy Castle's blocking client protocol with stunnel's half-close semantics (see {@link HalfClose}).
 * The streams belong to the caller, who closes the transport; this class closes them only when the connection
 * fails, as Bouncy Castle does.
 */
public final class RelayClientProtocol extends TlsClientProtocol implements HalfCloseProtocol {
    private final HalfClose halfClose = new HalfClose();
    /** Our socket streams, when they can read ahead / gather records; null for other streams. */
    private final ChannelStreams.Input ahead;
    private final ChannelStreams.Output gather;

    public RelayClientProtocol(InputStream input, OutputStream output) {
        super(input, output);
        this.ahead = input instanceof ChannelStreams.Input i ? i : null;
        this.gather = output instanceof ChannelStreams.Output o ? o : null;
    }

    /** The handshake, each flight in one write (see {@link Flights}). */
    @Override
    public void connect(TlsClient tlsClient) throws IOException {
        Flights.gathered(ahead, gather, () -> super.connect(tlsClient));
    }

    // The three overrides below are the whole half-close mechanism; HalfClose explains it. They are repeated in
    // the client and server classes because each extends a different Bouncy Castle protocol class.
    @Override
    protected void handleClose(boolean userCanceled) throws IOException {
        halfClose.handleClose(userCanceled, () -> super.handleClose(true));
    }

    @Override
    public int readApplicationData(byte[] buf, int off, int len) throws IOException {
        return halfClose.readApplicationData(() -> super.readApplicationData(buf, off, len));
    }

    @Override
    protected void writeRecord(short type, byte[] buf, int off, int len) throws IOException {
        halfClose.writeRecord(() -> {
            try {
                super.writeRecord(type, buf, off, len);
            } catch (IOException e) {
                throw PeerGone.translate(e);
            }
        });
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return readApplicationData(buf, off, len);
    }

    @Override
    public boolean completeRecordBuffered() {
        return ahead != null && ahead.completeRecordBuffered();
    }

    @Override
    public int readReady(byte[] buf, int off, int len) throws IOException {
        return halfClose.readReady(this::readApplicationData, applicationDataAvailable(), ahead, buf, off, len);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        halfClose.write(this::writeApplicationData, gather, buf, off, len);
    }

    /** Sends a TLS 1.3 KeyUpdate: a record with no application data (tests of the server's read path). */
    void sendKeyUpdate() throws IOException {
        send13KeyUpdate(false);
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (halfClose.markOutboundClosed() && !isClosed()) {
            raiseAlertWarning(AlertDescription.close_notify, "Connection closed");
        }
    }
}
