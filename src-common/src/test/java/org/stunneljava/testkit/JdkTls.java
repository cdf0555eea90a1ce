package org.stunneljava.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * TLS peers for in-process tests from the JDK's own TLS stack (an implementation independent of ours): contexts
 * made from {@link TestPki} material, trusting the PKI's root, and a connected client socket.
 */
public final class JdkTls {
    private static final char[] PW = "pw".toCharArray();

    private JdkTls() {
    }

    /** A client context trusting {@code pki}'s root; presents {@code identity} when asked (null: no certificate). */
    public static SSLContext client(TestPki pki, TestPki.Identity identity) throws GeneralSecurityException,
            IOException {
        return context(pki, identity);
    }

    /** A server context presenting {@code identity}, trusting {@code pki}'s root for client certificates. */
    public static SSLContext server(TestPki pki, TestPki.Identity identity) throws GeneralSecurityException,
            IOException {
        return context(pki, identity);
    }

    /** Connects to 127.0.0.1:port and completes the handshake; the caller closes the socket. */
    public static SSLSocket connect(SSLContext context, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        s.setTcpNoDelay(true);
        s.startHandshake();
        return s;
    }

    /**
     * Like {@link #connect}, but everything the client writes is held back until it next reads, then sent in one
     * write: its whole handshake flight (Certificate, CertificateVerify, Finished) reaches the server before the
     * server can reject the first of them. Otherwise the server's close after a fatal alert can race the rest of
     * the flight, turn into a reset, and hide the alert the test wants to see.
     */
    public static SSLSocket connectWholeFlights(SSLContext context, int port) throws IOException {
        Socket tcp = new FlightSocket(port);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
        s.setSoTimeout(30_000);
        s.startHandshake();
        return s;
    }

    private static final class FlightSocket extends Socket {
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        FlightSocket(int port) throws IOException {
            super(InetAddress.getLoopbackAddress(), port);
            setTcpNoDelay(true);
        }

        private synchronized void send() throws IOException {
            if (pending.size() > 0) {
                super.getOutputStream().write(pending.toByteArray());
                pending.reset();
            }
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            return new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (FlightSocket.this) {
                        pending.write(b, off, len);
                    }
                }
            };
        }

        @Override
        public java.io.InputStream getInputStream() throws IOException {
            java.io.InputStream in = super.getInputStream();
            return new java.io.FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    send();
                    return super.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    send();
                    return super.read(b, off, len);
                }
            };
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                send();
            } catch (IOException ignored) {
                // the peer is gone: closing is all that is left
            }
            super.close();
        }
    }

    private static SSLContext context(TestPki pki, TestPki.Identity identity) throws GeneralSecurityException,
            IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", pki.rootCert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManager[] keys = null;
        if (identity != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", identity.key(), PW, identity.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, PW);
            keys = new KeyManager[]{new AlwaysPresent((X509KeyManager) kmf.getKeyManagers()[0])};
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * Presents the one identity whatever CA names the peer listed: the JDK would otherwise send no certificate
     * when its issuer is not named, and a test of "unknown CA is rejected" would test "no certificate" instead.
     */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;

        AlwaysPresent(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[]{"me"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "me";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "me";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
