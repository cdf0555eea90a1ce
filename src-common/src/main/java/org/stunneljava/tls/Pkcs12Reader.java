package org.stunneljava.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Reads a PKCS#12 {@code cert} file protected by an empty password, as stunnel does without prompting. A file
 * with a real password is refused with a clear message (stunnel would prompt on the terminal). Stateless.
 */
final class Pkcs12Reader {
    /** The key and its chain (leaf first) found in the file. */
    record Contents(PrivateKeyInfo key, List<X509CertificateHolder> chain) {
    }

    private Pkcs12Reader() {
    }

    static Contents read(MaterialFile file) throws TlsMaterialException {
        KeyStore store = load(file);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, new char[0]);
                if (key instanceof PrivateKey pk) {
                    return new Contents(PrivateKeyInfo.getInstance(pk.getEncoded()), chain(store, alias, file));
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw file.error(PemReader.ENCRYPTED, e);
        } catch (GeneralSecurityException | IOException e) {
            throw file.error("unreadable PKCS#12 entry: " + e.getMessage(), e);
        }
        throw file.error("no private key found in the PKCS#12 file");
    }

    private static KeyStore load(MaterialFile file) throws TlsMaterialException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(file.bytes()), new char[0]);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                // The JDK reports a wrong password (here: not empty) this way.
                throw file.error("password-protected PKCS#12 file: " + PemReader.ENCRYPTED, e);
            }
            throw file.error("neither PEM nor a readable PKCS#12 file: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw file.error("unreadable PKCS#12 file: " + e.getMessage(), e);
        }
    }

    private static List<X509CertificateHolder> chain(KeyStore store, String alias, MaterialFile file)
            throws GeneralSecurityException, IOException, TlsMaterialException {
        Certificate[] certs = store.getCertificateChain(alias);
        if (certs == null || certs.length == 0) {
            throw file.error("no certificate found for the private key in the PKCS#12 file");
        }
        List<X509CertificateHolder> out = new ArrayList<>();
        for (Certificate c : certs) {
            out.add(new X509CertificateHolder(c.getEncoded()));
        }
        return out;
    }
}
