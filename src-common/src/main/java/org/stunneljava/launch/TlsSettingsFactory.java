package org.stunneljava.launch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.Origin;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.Transparency;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.TlsOptions;
import org.stunneljava.config.TlsPolicy;
import org.stunneljava.config.Verification;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.tls.ClientTlsSettings;
import org.stunneljava.tls.LocalCredentials;
import org.stunneljava.tls.LogLine;
import org.stunneljava.tls.OcspCheck;
import org.stunneljava.tls.PeerCertificateCheck;
import org.stunneljava.tls.PeerRole;
import org.stunneljava.tls.PeerVerifier;
import org.stunneljava.tls.PolicyException;
import org.stunneljava.tls.PolicyResolver;
import org.stunneljava.tls.PskTable;
import org.stunneljava.tls.ServerTlsSettings;
import org.stunneljava.tls.TlsDefaults;
import org.stunneljava.tls.TlsMaterial;
import org.stunneljava.tls.TlsMaterialException;
import org.stunneljava.tls.VerifyOutcome;
import org.stunneljava.tls.ocsp.OcspSetup;

/**
 * Step three of the configuration pipeline for TLS: a service's validated options plus its loaded files become
 * the immutable settings every handshake of the service reads. A file problem becomes a start-up error naming it.
 */
public final class TlsSettingsFactory {
    private TlsSettingsFactory() {
    }

    public static ServerTlsSettings server(ServiceConfig service, BcTlsCrypto crypto, Log log)
            throws StartupException {
        TlsOptions tls = service.tls();
        PolicyResolver policy = startPolicy(service, log);
        TlsMaterial material = load(service, log);
        material.caNameNotices(true).forEach(n -> log.log(n.severity(), n.text()));
        PskTable psk = PskTable.of(tls.psk());
        LocalCredentials credentials = credentials(service, material, crypto).orElse(null); // null: PSK only
        if (credentials == null && !psk.enabled()) {
            throw new StartupException("Service [" + service.name() + "]: TLS server needs a certificate");
        }
        PolicyResolver.Resolved algorithms = finishPolicy(service, policy, credentials, false, psk, crypto, log);
        Verification v = tls.verification();
        ServerTlsSettings.ClientAuth auth = v.requireCert() ? ServerTlsSettings.ClientAuth.REQUIRE
                : v.requestCert() ? ServerTlsSettings.ClientAuth.REQUEST : ServerTlsSettings.ClientAuth.NONE;
        return new ServerTlsSettings(credentials, algorithms.versions(), algorithms.suites(), algorithms.groups(),
                auth, material.trustedSubjects(),
                check(PeerVerifier.of(v, material, PeerRole.CLIENT).withOcsp(OcspSetup.peerCheck(service, material))),
                !service.redirect().isEmpty(), OcspSetup.stapling(service, material, log), psk,
                SessionSettings.server(service, algorithms.negotiation().securityLevel(), crypto, log),
                algorithms.negotiation(), destinationExtension(service));
    }

    /** Only an exit server that uses carried destinations reads the extension; any other ignores it. */
    private static OptionalInt destinationExtension(ServiceConfig service) {
        Transparency t = service.transparency();
        return t.next() == Transparency.Next.CARRIED ? OptionalInt.of(t.extensionType()) : OptionalInt.empty();
    }

    public static ClientTlsSettings client(ServiceConfig service, BcTlsCrypto crypto, Log log)
            throws StartupException {
        TlsOptions tls = service.tls();
        PolicyResolver policy = startPolicy(service, log);
        TlsMaterial material = load(service, log);
        material.caNameNotices(false).forEach(n -> log.log(n.severity(), n.text()));
        Optional<LocalCredentials> credentials = credentials(service, material, crypto);
        PskTable psk = PskTable.of(tls.psk());
        PolicyResolver.Resolved algorithms = finishPolicy(service, policy, credentials.orElse(null), true, psk,
                crypto, log);
        OcspCheck ocsp = OcspSetup.peerCheck(service, material);
        return new ClientTlsSettings(credentials, algorithms.versions(), algorithms.suites(), algorithms.groups(),
                tls.sni().filter(s -> !s.isEmpty()),
                checkWithStapling(PeerVerifier.of(tls.verification(), material, PeerRole.SERVER).withOcsp(ocsp), ocsp),
                psk, SessionSettings.client(service, algorithms.negotiation().securityLevel(), log),
                algorithms.negotiation());
    }

    /** {@code ciphers}, {@code ciphersuites} and the security level, read before the certificate as in stunnel. */
    private static PolicyResolver startPolicy(ServiceConfig service, Log log) throws StartupException {
        TlsPolicy policy = service.tls().policy();
        log.log(Severity.INFO, service.origins().containsKey("securityLevel")
                ? "User-specified security level set: " + policy.securityLevel()
                : "stunnel default security level set: " + policy.securityLevel());
        log.log(Severity.DEBUG, "Ciphers: " + policy.ciphers().orElse(TlsDefaults.CIPHERS));
        log.log(Severity.DEBUG, "TLSv1.3 ciphersuites: " + policy.ciphersuites().orElse(TlsDefaults.CIPHERSUITES));
        try {
            return PolicyResolver.start(policy);
        } catch (PolicyException e) {
            throw policyFailure(service, e);
        }
    }

    /** Our key against the security level, then {@code curves}, versions and the usable suites. */
    private static PolicyResolver.Resolved finishPolicy(ServiceConfig service, PolicyResolver policy,
                                                        LocalCredentials credentials, boolean client,
                                                        PskTable psk, BcTlsCrypto crypto, Log log)
            throws StartupException {
        TlsOptions tls = service.tls();
        try {
            if (credentials != null) {
                policy.checkOwnKey(credentials.key());
            }
            PolicyResolver.Resolved resolved = policy.finish(tls.minVersion(), tls.maxVersion(), client,
                    psk.enabled(), crypto);
            log.log(Severity.DEBUG, "ECDH initialized with curves " + tls.policy().curves().orElse(TlsDefaults.CURVES));
            return resolved;
        } catch (PolicyException e) {
            throw policyFailure(service, e);
        }
    }

    /** stunnel's lines for the failing OpenSSL call, then ours naming the option's line, then stunnel's last. */
    private static StartupException policyFailure(ServiceConfig service, PolicyException e) {
        List<String> lines = new ArrayList<>(e.stunnelLines());
        Origin at = e.option() == null ? null : service.origins().get(e.option());
        String where = at != null ? at.prefix() : "Service [" + service.name() + "]";
        String option = e.option() != null && at == null ? e.option() + ": " : "";
        lines.add(where + ": " + option + e.getMessage());
        lines.add("Service [" + service.name() + "]: Failed to initialize TLS context");
        return new StartupException(lines);
    }

    private static TlsMaterial load(ServiceConfig service, Log log) throws StartupException {
        try {
            TlsMaterial material = TlsMaterial.load(service.name(), service.tls());
            for (StartupNotice n : material.notices()) {
                log.log(n.severity(), n.text());
            }
            return material;
        } catch (TlsMaterialException e) {
            throw new StartupException(List.of(located(service, e),
                    "Service [" + service.name() + "]: Failed to initialize TLS context"));
        }
    }

    /** Trust and revocation problems name the configuration line of their option, as parse errors do. */
    private static final java.util.Set<String> LOCATED = java.util.Set.of("CApath", "CRLfile", "CRLpath");

    /**
     * The message with the file:line of the option that named the file: trust files in front, as parse errors;
     * certificates and keys at the end (a key without "key" is the cert's).
     */
    private static String located(ServiceConfig service, TlsMaterialException e) {
        Origin at = service.origins().get(e.option());
        if (at != null && LOCATED.contains(e.option())) {
            return at.prefix() + ": " + e.problem();
        }
        if (at == null && e.option().equals("key")) {
            at = service.origins().get("cert");
        }
        return at == null ? e.getMessage() : e.messageAt(at.file() + ":" + at.line());
    }

    private static Optional<LocalCredentials> credentials(ServiceConfig service, TlsMaterial material,
                                                          BcTlsCrypto crypto) throws StartupException {
        if (material.chainDer().isEmpty() || material.privateKey().isEmpty()) {
            return Optional.empty();
        }
        try {
            List<byte[]> der = material.chainDer();
            TlsCertificate[] chain = new TlsCertificate[der.size()];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = crypto.createCertificate(der.get(i));
            }
            return Optional.of(new LocalCredentials(chain, PrivateKeyFactory.createKey(material.privateKey().get())));
        } catch (IOException e) {
            throw new StartupException("Service [" + service.name() + "]: cannot use the certificate or key: "
                    + e.getMessage());
        }
    }

    /** Runs the service's verifier on a received chain; its lines go to the connection log. */
    private static PeerCertificateCheck check(PeerVerifier verifier) {
        return (chain, log) -> verified(verifier, chain, log);
    }

    /**
     * A TLS client's check: the verifier, then OCSP for the server's own certificate with what it stapled, where
     * OpenSSL's status callback runs (stunnel 5.71+); that rejection is OpenSSL's "invalid status response".
     */
    private static PeerCertificateCheck checkWithStapling(PeerVerifier verifier, OcspCheck ocsp) {
        return new PeerCertificateCheck() {
            @Override
            public void check(Certificate chain, Log log) throws IOException {
                check(chain, null, log);
            }

            @Override
            public void check(Certificate chain, byte[] stapledOcsp, Log log) throws IOException {
                VerifyOutcome outcome = verified(verifier, chain, log);
                List<LogLine> lines = new ArrayList<>();
                boolean accepted = ocsp.afterVerification(outcome.chain(), stapledOcsp, lines);
                lines.forEach(line -> log.log(line.severity(), line.text()));
                if (!accepted) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate_status_response, "OCSP rejected");
                }
            }
        };
    }

    private static VerifyOutcome verified(PeerVerifier verifier, Certificate chain, Log log) throws IOException {
        VerifyOutcome outcome = verifier.verify(toX509(chain));
        outcome.log().forEach(line -> log.log(line.severity(), line.text()));
        if (!outcome.accepted()) {
            throw new TlsFatalAlert(outcome.alert(), "certificate rejected");
        }
        return outcome;
    }

    private static List<X509Certificate> toX509(Certificate chain) throws IOException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>(chain.getLength());
            for (int i = 0; i < chain.getLength(); i++) {
                out.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(chain.getCertificateAt(i).getEncoded())));
            }
            return out;
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
        }
    }
}
