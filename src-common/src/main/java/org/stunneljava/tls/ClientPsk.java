package org.stunneljava.tls;

import java.util.Arrays;
import java.util.Vector;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.stunneljava.config.PskKey;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The client's side of PSK for one handshake, as stunnel's {@code psk_client_callback} through OpenSSL 3.0: the one
 * configured key is offered in TLS 1.3 (with SHA-256, the hash OpenSSL gives a key from the old-style callback)
 * and used by a TLS 1.2 PSK suite. Each use logs {@code PSK client configured for identity "..."}.
 */
final class ClientPsk {
    private final PskTable table;
    private final TlsCrypto crypto;
    private final HandshakeRecord record;
    private final Log log;

    ClientPsk(PskTable table, TlsCrypto crypto, HandshakeRecord record, Log log) {
        this.table = table;
        this.crypto = crypto;
        this.record = record;
        this.log = log;
    }

    /**
     * TLS 1.3 offered: the key to put in the ClientHello, or null when there is none or no offered suite has
     * SHA-256 (Bouncy Castle refuses to offer a key no offered suite can use).
     */
    Vector<TlsPSKExternal> external(int[] offeredSuites) {
        if (table.clientKey().isEmpty() || Arrays.stream(offeredSuites).noneMatch(PskSuites::isSha256Tls13)) {
            return null;
        }
        PskKey key = configured();
        Vector<TlsPSKExternal> psks = new Vector<>();
        psks.add(new BasicTlsPSKExternal(key.identity(), crypto.createSecret(key.key()),
                PRFAlgorithm.tls13_hkdf_sha256));
        return psks;
    }

    /** TLS 1.2: the server chose a PSK suite. */
    TlsPSKIdentity identity() {
        if (table.clientKey().isEmpty()) {
            return null;
        }
        PskKey key = configured();
        record.psk(key.identityText(), false);
        return new BasicTlsPSKIdentity(key.identity(), key.key());
    }

    /** TLS 1.3: the server accepted the offered key (null: it did not, or not after a HelloRetryRequest). */
    void selected(TlsPSK psk) {
        if (psk != null) {
            record.psk(table.clientKey().orElseThrow().identityText(), true);
        }
    }

    private PskKey configured() {
        PskKey key = table.clientKey().orElseThrow();
        log.log(Severity.INFO, "PSK client configured for identity \"" + key.identityText() + "\"");
        return key;
    }
}
