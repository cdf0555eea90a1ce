package org.stunneljava.relay;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.stunneljava.tls.HalfCloseProtocol;

/**
 * The TLS end. Half-close sends close_notify and then a TCP FIN, as OpenSSL-based stunnel does with
 * SSL_shutdown followed by shutdown(SHUT_WR); peers that ignore TLS-level half-close still see EOF.
 */
public final class TlsSide implements Side {
    private final HalfCloseProtocol tls;
    private final SocketChannel channel;

    public TlsSide(HalfCloseProtocol tls, SocketChannel channel) {
        this.tls = tls;
        this.channel = channel;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return tls.read(buf, off, len);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        tls.write(buf, off, len);
    }

    /** Decrypted plaintext waiting (the rest of the last record); else 1 if a whole record arrived, else 0. */
    @Override
    public int available() {
        int decrypted = tls.applicationDataAvailable();
        return decrypted > 0 ? decrypted : tls.completeRecordBuffered() ? 1 : 0;
    }

    @Override
    public int readReady(byte[] buf, int off, int len) throws IOException {
        return tls.readReady(buf, off, len);
    }

    @Override
    public void shutdownOutput() throws IOException {
        tls.shutdownOutput();
        channel.shutdownOutput();
    }
}
