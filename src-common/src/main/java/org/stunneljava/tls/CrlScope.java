package org.stunneljava.tls;

import java.io.IOException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The facts about a CRL that OpenSSL 3.0 scores it by (crypto/x509/x_crl.c and x509_vfy.c), as plain functions:
 * its issuing distribution point and whether it covers a certificate, unhandled critical extensions, and whether
 * its authority key identifier points at a certificate ({@code X509_check_akid}). Stateless.
 */
final class CrlScope {
    /** OpenSSL's CRLDP_ALL_REASONS: the eight reason bits a CRL can cover when it does not limit them. */
    static final int ALL_REASONS = 0x807f;

    /** Critical CRL extensions OpenSSL handles; any other makes the CRL unusable for revocation. */
    private static final Set<String> HANDLED_CRITICAL = Set.of(Extension.issuingDistributionPoint.getId(),
            Extension.authorityKeyIdentifier.getId(), Extension.deltaCRLIndicator.getId());
    /** The only critical CRL entry extension OpenSSL handles. */
    private static final String CERTIFICATE_ISSUER = Extension.certificateIssuer.getId();

    /**
     * The issuing distribution point as OpenSSL's setup_idp flags it. {@code invalid}: more than one "only"
     * flag; {@code needsExtended}: indirect or reason-partitioned, which OpenSSL refuses without extended CRL
     * support (stunnel never asks for it).
     */
    record Idp(boolean invalid, boolean onlyUser, boolean onlyCa, boolean onlyAttr, boolean needsExtended,
               DistributionPointName point) {
        static final Idp NONE = new Idp(false, false, false, false, false, null);
    }

    private CrlScope() {
    }

    static Idp idp(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(Extension.issuingDistributionPoint.getId());
        if (ext == null) {
            return Idp.NONE;
        }
        try {
            IssuingDistributionPoint idp = IssuingDistributionPoint.getInstance(
                    ASN1OctetString.getInstance(ext).getOctets());
            int only = (idp.onlyContainsUserCerts() ? 1 : 0) + (idp.onlyContainsCACerts() ? 1 : 0)
                    + (idp.onlyContainsAttributeCerts() ? 1 : 0);
            return new Idp(only > 1, idp.onlyContainsUserCerts(), idp.onlyContainsCACerts(),
                    idp.onlyContainsAttributeCerts(), idp.isIndirectCRL() || idp.getOnlySomeReasons() != null,
                    idp.getDistributionPoint());
        } catch (RuntimeException e) {
            return new Idp(true, false, false, false, false, null); // undecodable: IDP_INVALID
        }
    }

    /** EXFLAG_CRITICAL: a critical extension OpenSSL does not handle, on the CRL or on one of its entries. */
    static boolean unhandledCritical(X509CRL crl) {
        Set<String> critical = crl.getCriticalExtensionOIDs();
        if (critical != null && !HANDLED_CRITICAL.containsAll(critical)) {
            return true;
        }
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            for (X509CRLEntry e : entries) {
                Set<String> c = e.getCriticalExtensionOIDs();
                if (c != null && c.stream().anyMatch(oid -> !oid.equals(CERTIFICATE_ISSUER))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** X509_check_akid(candidate, the CRL's AKID): key id, then issuer serial and name, where the AKID has them. */
    static boolean akidPointsAt(X509CRL crl, X509Certificate candidate) {
        byte[] ext = crl.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (ext == null) {
            return true;
        }
        AuthorityKeyIdentifier akid = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets());
        byte[] skid = subjectKeyId(candidate);
        if (akid.getKeyIdentifier() != null && skid != null
                && !Arrays.equals(akid.getKeyIdentifier(), skid)) {
            return false;
        }
        if (akid.getAuthorityCertSerialNumber() != null
                && !akid.getAuthorityCertSerialNumber().equals(candidate.getSerialNumber())) {
            return false;
        }
        if (akid.getAuthorityCertIssuer() != null) {
            for (GeneralName n : akid.getAuthorityCertIssuer().getNames()) {
                if (n.getTagNo() == GeneralName.directoryName) {
                    return CanonicalName.of(X500Name.getInstance(n.getName()))
                            .equals(CanonicalName.of(candidate.getIssuerX500Principal()));
                }
            }
        }
        return true;
    }

    /**
     * OpenSSL's crl_crldp_check: whether the CRL's scope covers {@code cert}, and for which reasons.
     *
     * @return the reason bits covered, or -1 when the CRL is not in scope
     */
    static int coveredReasons(X509Certificate cert, X509CRL crl, Idp idp, boolean issuerNameMatches) {
        if (idp.onlyAttr()) {
            return -1;
        }
        boolean ca = cert.getBasicConstraints() >= 0;
        if ((ca && idp.onlyUser()) || (!ca && idp.onlyCa())) {
            return -1;
        }
        X500Name crlIssuer = X500Name.getInstance(crl.getIssuerX500Principal().getEncoded());
        for (DistributionPoint dp : distributionPoints(cert)) {
            if (crlIssuerMatches(dp, crlIssuer, issuerNameMatches) && (idp.point() == null
                    || pointsMatch(dp.getDistributionPoint(), certIssuer(cert, dp), idp.point(), crlIssuer))) {
                return ALL_REASONS & reasons(dp);
            }
        }
        return idp.point() == null && issuerNameMatches ? ALL_REASONS : -1;
    }

    private static boolean crlIssuerMatches(DistributionPoint dp, X500Name crlIssuer, boolean issuerNameMatches) {
        if (dp.getCRLIssuer() == null) {
            return issuerNameMatches;
        }
        return dirNames(dp.getCRLIssuer()).stream()
                .anyMatch(n -> CanonicalName.of(n).equals(CanonicalName.of(crlIssuer)));
    }

    /** The name a relative distribution point name of the certificate is relative to (setup_dp). */
    private static X500Name certIssuer(X509Certificate cert, DistributionPoint dp) {
        if (dp.getCRLIssuer() != null && !dirNames(dp.getCRLIssuer()).isEmpty()) {
            return dirNames(dp.getCRLIssuer()).getFirst();
        }
        return X500Name.getInstance(cert.getIssuerX500Principal().getEncoded());
    }

    /** idp_check_dp: two names relative to their issuers, a name against full names, or full names. */
    private static boolean pointsMatch(DistributionPointName a, X500Name aBase, DistributionPointName b,
                                       X500Name bBase) {
        if (a == null) {
            return true;
        }
        X500Name aName = a.getType() == DistributionPointName.NAME_RELATIVE_TO_CRL_ISSUER
                ? relative(aBase, RDN.getInstance(a.getName())) : null;
        X500Name bName = b.getType() == DistributionPointName.NAME_RELATIVE_TO_CRL_ISSUER
                ? relative(bBase, RDN.getInstance(b.getName())) : null;
        if (aName != null && bName != null) {
            return CanonicalName.of(aName).equals(CanonicalName.of(bName));
        }
        if (aName != null || bName != null) {
            X500Name name = aName != null ? aName : bName;
            GeneralNames full = GeneralNames.getInstance(aName != null ? b.getName() : a.getName());
            return dirNames(full).stream().anyMatch(n -> CanonicalName.of(n).equals(CanonicalName.of(name)));
        }
        for (GeneralName x : GeneralNames.getInstance(a.getName()).getNames()) {
            for (GeneralName y : GeneralNames.getInstance(b.getName()).getNames()) {
                if (sameGeneralName(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameGeneralName(GeneralName x, GeneralName y) {
        if (x.getTagNo() != y.getTagNo()) {
            return false;
        }
        if (x.getTagNo() == GeneralName.directoryName) {
            return CanonicalName.of(X500Name.getInstance(x.getName()))
                    .equals(CanonicalName.of(X500Name.getInstance(y.getName())));
        }
        try {
            return Arrays.equals(x.getEncoded(ASN1Encoding.DER), y.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            return false;
        }
    }

    private static X500Name relative(X500Name base, RDN rdn) {
        RDN[] rdns = Arrays.copyOf(base.getRDNs(), base.getRDNs().length + 1);
        rdns[rdns.length - 1] = rdn;
        return new X500Name(rdns);
    }

    private static List<X500Name> dirNames(GeneralNames names) {
        return Arrays.stream(names.getNames()).filter(n -> n.getTagNo() == GeneralName.directoryName)
                .map(n -> X500Name.getInstance(n.getName())).toList();
    }

    /** The reason bits of a distribution point (all when it names none), in OpenSSL's bit order. */
    private static int reasons(DistributionPoint dp) {
        if (dp.getReasons() == null) {
            return ALL_REASONS;
        }
        byte[] b = dp.getReasons().getBytes();
        return (b.length > 0 ? b[0] & 0xff : 0) | (b.length > 1 ? (b[1] & 0xff) << 8 : 0);
    }

    private static List<DistributionPoint> distributionPoints(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (ext == null) {
            return List.of();
        }
        try {
            return List.of(CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                    .getDistributionPoints());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static byte[] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }
}
