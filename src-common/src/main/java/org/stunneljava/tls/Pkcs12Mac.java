package org.stunneljava.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.PBEParameterSpec;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.jcajce.PKCS12Key;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;

/**
 * Checks a PKCS#12 file's integrity MAC against a password: the test OpenSSL's {@code PKCS12_parse} makes first,
 * which tells a wrong password from a damaged file. Stateless.
 */
final class Pkcs12Mac {
    private Pkcs12Mac() {
    }

    /**
     * @param twoZeroBytes for an empty password: derive the key from a lone BMPString terminator (OpenSSL's
     *                     "empty password") instead of from nothing (its "no password"). Bouncy Castle's MAC builder
     *                     knows only the latter, so the classic MAC goes through its provider's PKCS#12 key, which
     *                     knows both.
     */
    static boolean verifies(PKCS12PfxPdu pfx, char[] password, boolean twoZeroBytes, MaterialFile file)
            throws TlsMaterialException {
        ASN1ObjectIdentifier algorithm = pfx.getMacAlgorithmID().getAlgorithm();
        try {
            if (PKCSObjectIdentifiers.id_PBMAC1.equals(algorithm)) {
                // RFC 9579: PBKDF2 over the password's UTF-8 bytes, where an empty password has one form only.
                return pfx.isMacValid(new JcePKCS12MacCalculatorBuilderProvider()
                        .setProvider(KeyDecryption.provider()), password);
            }
            MacData macData = pfx.toASN1Structure().getMacData();
            Mac mac = Mac.getInstance(algorithm.getId(), KeyDecryption.provider());
            mac.init(new PKCS12Key(password, twoZeroBytes),
                    new PBEParameterSpec(macData.getSalt(), macData.getIterationCount().intValueExact()));
            byte[] content = ASN1OctetString.getInstance(pfx.toASN1Structure().getAuthSafe().getContent()).getOctets();
            return MessageDigest.isEqual(mac.doFinal(content), macData.getMac().getDigest());
        } catch (GeneralSecurityException | PKCSException | RuntimeException e) {
            throw file.error("unsupported PKCS#12 MAC algorithm " + algorithm + ": " + e.getMessage(), e);
        }
    }
}
