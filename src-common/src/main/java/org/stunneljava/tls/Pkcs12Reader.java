package org.stunneljava.tls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.stunneljava.config.KeyPassword;

/**
 * Reads a PKCS#12 {@code cert} file with Bouncy Castle's PKCS#12 classes: the first private key and its certificate
 * chain. Like stunnel, which tries its cached (initially empty) password before it prompts, an unprotected file
 * opens without any password option; a protected one needs {@code keyPasswordFile} or {@code keyPasswordEnv}.
 * Handles OpenSSL 3's default (PBES2, AES-256-CBC, PBKDF2, HMAC-SHA256 MAC), {@code -legacy} (3DES, RC2, SHA-1),
 * unencrypted bags and files without a MAC. Stateless.
 */
final class Pkcs12Reader {
    /** The key and its chain (leaf first) found in the file. */
    record Contents(PrivateKeyInfo key, List<X509CertificateHolder> chain) {
    }

    /**
     * One way to turn a password into PKCS#12's key-derivation input. An empty password has two: no bytes at all
     * ("no password", what Bouncy Castle and Java write) and a lone two-byte terminator ("empty password", what
     * {@code openssl pkcs12 -passout pass:} writes); OpenSSL accepts both, and so do we.
     */
    private record Attempt(char[] password, boolean twoZeroBytes) {
    }

    private record KeyEntry(PrivateKeyInfo key, Optional<ASN1Encodable> localKeyId) {
    }

    private record CertEntry(X509CertificateHolder cert, Optional<ASN1Encodable> localKeyId) {
    }

    private record Decoded(List<KeyEntry> keys, List<CertEntry> certs) {
    }

    private Pkcs12Reader() {
    }

    static Contents read(MaterialFile file, KeyPassword password) throws TlsMaterialException {
        PKCS12PfxPdu pfx = parse(file);
        for (Attempt attempt : attempts(password)) {
            if (!pfx.hasMac()) {
                // Without a MAC the only test of a password is whether everything decrypts.
                try {
                    return contents(decode(pfx, attempt), file);
                } catch (PKCSException wrongPassword) {
                    continue;
                }
            }
            if (Pkcs12Mac.verifies(pfx, attempt.password(), attempt.twoZeroBytes(), file)) {
                try {
                    return contents(decode(pfx, attempt), file);
                } catch (PKCSException e) {
                    throw file.error("unreadable PKCS#12 file: " + e.getMessage(), e);
                }
            }
        }
        if (password.isPresent()) {
            throw file.error((pfx.hasMac() ? "mac verify failure" : "bad decrypt") + ": the password from "
                    + password.source() + " does not open the PKCS#12 file");
        }
        throw file.error("the PKCS#12 file is password-protected: " + KeyDecryption.ADD_PASSWORD);
    }

    private static PKCS12PfxPdu parse(MaterialFile file) throws TlsMaterialException {
        try {
            return new PKCS12PfxPdu(file.bytes());
        } catch (IOException | RuntimeException e) {
            throw file.error("neither PEM nor a readable PKCS#12 file: " + e.getMessage(), e);
        }
    }

    /** The empty password first, both ways (stunnel's first try), then the configured one. */
    private static List<Attempt> attempts(KeyPassword password) {
        List<Attempt> out = new ArrayList<>(List.of(new Attempt(new char[0], false), new Attempt(new char[0], true)));
        password.chars().filter(p -> p.length > 0).ifPresent(p -> out.add(new Attempt(p, false)));
        return out;
    }

    /** Every key (decrypted) and certificate in the file; a wrong password fails here. */
    private static Decoded decode(PKCS12PfxPdu pfx, Attempt attempt) throws PKCSException {
        InputDecryptorProvider decryptor = KeyDecryption.pbe(attempt.password(), attempt.twoZeroBytes());
        Decoded out = new Decoded(new ArrayList<>(), new ArrayList<>());
        try {
            for (PKCS12SafeBag bag : bags(pfx, decryptor)) {
                Optional<ASN1Encodable> id = localKeyId(bag);
                switch (bag.getBagValue()) {
                    case PKCS8EncryptedPrivateKeyInfo k -> out.keys().add(new KeyEntry(
                            k.decryptPrivateKeyInfo(decryptor), id));
                    case PrivateKeyInfo k -> out.keys().add(new KeyEntry(k, id));
                    case X509CertificateHolder c -> out.certs().add(new CertEntry(c, id));
                    default -> {
                        // CRLs, secrets, other certificate types: not part of a TLS identity
                    }
                }
            }
        } catch (RuntimeException e) {
            // what a wrong key decrypts to is rarely valid DER
            throw new PKCSException("undecodable contents: " + e.getMessage(), e);
        }
        return out;
    }

    private static Contents contents(Decoded decoded, MaterialFile file) throws TlsMaterialException {
        if (decoded.keys().isEmpty()) {
            throw file.error("no private key found in the PKCS#12 file");
        }
        KeyEntry key = decoded.keys().getFirst();
        X509CertificateHolder leaf = leaf(key, decoded.certs())
                .orElseThrow(() -> file.error("no certificate found for the private key in the PKCS#12 file"));
        return new Contents(key.key(), chain(leaf, decoded.certs()));
    }

    private static List<PKCS12SafeBag> bags(PKCS12PfxPdu pfx, InputDecryptorProvider decryptor)
            throws PKCSException {
        List<PKCS12SafeBag> out = new ArrayList<>();
        for (ContentInfo info : pfx.getContentInfos()) {
            PKCS12SafeBagFactory factory = info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
                    ? new PKCS12SafeBagFactory(info, decryptor) : new PKCS12SafeBagFactory(info);
            out.addAll(Arrays.asList(factory.getSafeBags()));
        }
        return out;
    }

    private static Optional<ASN1Encodable> localKeyId(PKCS12SafeBag bag) {
        Attribute[] attributes = bag.getAttributes();
        if (attributes == null) {
            return Optional.empty();
        }
        return Arrays.stream(attributes)
                .filter(a -> a.getAttrType().equals(PKCS12SafeBag.localKeyIdAttribute) && a.getAttrValues().size() > 0)
                .map(a -> a.getAttrValues().getObjectAt(0)).findFirst();
    }

    /** As OpenSSL's PKCS12_parse: the certificate with the key's localKeyId, else the one the key belongs to. */
    private static Optional<X509CertificateHolder> leaf(KeyEntry key, List<CertEntry> certs) {
        if (key.localKeyId().isPresent()) {
            Optional<X509CertificateHolder> byId = certs.stream()
                    .filter(c -> c.localKeyId().equals(key.localKeyId())).map(CertEntry::cert).findFirst();
            if (byId.isPresent()) {
                return byId;
            }
        }
        return certs.stream().map(CertEntry::cert)
                .filter(c -> KeyMatcher.matches(key.key(), c.getSubjectPublicKeyInfo())).findFirst();
    }

    /** The leaf, then each issuer the file holds, in order up to a self-signed one or a missing link. */
    private static List<X509CertificateHolder> chain(X509CertificateHolder leaf, List<CertEntry> certs) {
        List<X509CertificateHolder> chain = new ArrayList<>(List.of(leaf));
        X509CertificateHolder current = leaf;
        while (!current.getIssuer().equals(current.getSubject())) {
            X509CertificateHolder child = current;
            Optional<X509CertificateHolder> issuer = certs.stream().map(CertEntry::cert)
                    .filter(c -> c.getSubject().equals(child.getIssuer()) && !chain.contains(c)).findFirst();
            if (issuer.isEmpty()) {
                break;
            }
            chain.add(issuer.get());
            current = issuer.get();
        }
        return chain;
    }
}
