package org.stunneljava.tls;

import java.util.Arrays;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.stunneljava.config.PskKey;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The server's side of PSK for one handshake, answering as stunnel's {@code psk_server_callback} (ctx.c) does
 * through OpenSSL 3.0: TLS 1.2 PSK suites look the client's identity up after the ServerHello; TLS 1.3 takes the
 * first offered identity that is in the file, as a key with SHA-256 (what OpenSSL gives a key from the old-style
 * callback), and only if a SHA-256 suite can then be negotiated. Log lines are stunnel's.
 */
final class ServerPsk {
    private final PskTable table; // the listening service's: TLS 1.3 picks its PSK before SNI routing
    private final TlsCrypto crypto;
    private final HandshakeRecord record;
    private final Log log;
    private boolean selected13;    // a TLS 1.3 PSK was handed to Bouncy Castle
    private boolean binderPending; // ... and Bouncy Castle has not yet checked its binder (it does so right after)

    ServerPsk(PskTable table, TlsCrypto crypto, HandshakeRecord record, Log log) {
        this.table = table;
        this.crypto = crypto;
        this.record = record;
        this.log = log;
    }

    /**
     * TLS 1.2: asked for the key once the client's identity arrived (ClientKeyExchange), from the keys of the
     * service the handshake ended up in: after an SNI switch, the virtual service's, as stunnel's callback reads
     * the switched section.
     *
     * @param current the keys of the service the handshake is in now
     * @param log     that service's log
     */
    TlsPSKIdentityManager identityManager(PskTable current, Log log) {
        if (!current.enabled()) {
            return null;
        }
        return new TlsPSKIdentityManager() {
            @Override
            public byte[] getHint() {
                return null; // stunnel sets no identity hint
            }

            @Override
            public byte[] getPSK(byte[] identity) {
                return lookUp(current, identity, log).map(key -> {
                    record.psk(key.identityText(), false);
                    return key.key();
                }).orElseGet(() -> {
                    record.failure("psk identity not found"); // OpenSSL's reason; the alert: unknown_psk_identity
                    return null;
                });
            }
        };
    }

    /**
     * TLS 1.3: the key for the first offered identity we know, or null to go on with a certificate.
     *
     * @param sha256Possible a SHA-256 suite can be negotiated: with a certificate, OpenSSL first picks the suite as
     *                       usual and drops a key whose hash does not fit it; without one it prefers SHA-256 suites
     */
    TlsPSKExternal external(Vector<?> identities, boolean sha256Possible) {
        if (!table.enabled()) {
            return null;
        }
        for (Object offered : identities) {
            Optional<PskKey> key = lookUp(table, ((PskIdentity) offered).getIdentity(), log);
            if (key.isEmpty()) {
                continue;
            }
            if (!sha256Possible) {
                return null;
            }
            selected13 = true;
            binderPending = true;
            record.psk(key.get().identityText(), true);
            return new BasicTlsPSKExternal(key.get().identity(), crypto.createSecret(key.get().key()),
                    PRFAlgorithm.tls13_hkdf_sha256);
        }
        return null;
    }

    /**
     * TLS 1.3 with our PSK: the first SHA-256 suite in the order that decides (Bouncy Castle's own choice ignores
     * the key's hash); -1 otherwise, to let Bouncy Castle choose. Called after the binder was checked.
     */
    int tls13Suite(ProtocolVersion version, int[] offered, int[] ours, boolean preferOurs) {
        clientHelloDone();
        if (!selected13) {
            return -1;
        }
        return TlsUtils.getCommonCipherSuite13(version, offered, sha256Only(ours), preferOurs);
    }

    /** Whether any SHA-256 TLS 1.3 suite is common, or whether the suite chosen without a key would be one. */
    static boolean sha256Possible(ProtocolVersion version, int[] offered, int[] ours, boolean preferOurs,
                                  boolean hasCertificate) {
        if (hasCertificate) {
            return PskSuites.isSha256Tls13(TlsUtils.getCommonCipherSuite13(version, offered, ours, preferOurs));
        }
        return TlsUtils.getCommonCipherSuite13(version, offered, sha256Only(ours), preferOurs) >= 0;
    }

    /** The binder of the last ClientHello, if any, has been checked. */
    void clientHelloDone() {
        binderPending = false;
    }

    /** A fatal decrypt_error before the suite was chosen is Bouncy Castle rejecting the PSK binder. */
    boolean isBinderFailure(short alertDescription) {
        return binderPending && alertDescription == AlertDescription.decrypt_error;
    }

    private static Optional<PskKey> lookUp(PskTable table, byte[] identity, Log log) {
        Optional<PskKey> key = table.find(identity);
        if (key.isPresent()) {
            log.log(Severity.NOTICE, "Key configured for PSK identity \"" + key.get().identityText() + "\"");
        } else {
            log.log(Severity.INFO, "PSK identity not found (session resumption?)");
        }
        return key;
    }

    private static int[] sha256Only(int[] suites) {
        return Arrays.stream(suites).filter(PskSuites::isSha256Tls13).toArray();
    }
}
