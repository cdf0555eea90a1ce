package org.stunneljava.launch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.stunneljava.config.Origin;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.TlsOptions;
import org.stunneljava.config.Verification;
import org.stunneljava.log.Log;
import org.stunneljava.tls.ClientTlsSettings;
import org.stunneljava.tls.LocalCredentials;
import org.stunneljava.tls.PeerCertificateCheck;
import org.stunneljava.tls.PeerRole;
import org.stunneljava.tls.PeerVerifier;
import org.stunneljava.tls.ProtocolRange;
import org.stunneljava.tls.ServerTlsSettings;
import org.stunneljava.tls.TlsDefaults;
import org.stunneljava.tls.TlsMaterial;
import org.stunneljava.tls.TlsMaterialException;
import org.stunneljava.tls.VerifyOutcome;

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
        TlsMaterial material = load(service, log);
        material.caNameNotices(true).forEach(n -> log.log(n.severity(), n.text()));
        LocalCredentials credentials = credentials(service, material, crypto)
                .orElseThrow(() -> new StartupException("Service [" + service.name() + "]: TLS server needs a certificate"));
        Verification v = tls.verification();
        ServerTlsSettings.ClientAuth auth = v.requireCert() ? ServerTlsSettings.ClientAuth.REQUIRE
                : v.requestCert() ? ServerTlsSettings.ClientAuth.REQUEST : ServerTlsSettings.ClientAuth.NONE;
        return new ServerTlsSettings(credentials, ProtocolRange.of(tls.minVersion(), tls.maxVersion()),
                TlsDefaults.allSuites(), TlsDefaults.GROUPS, auth, material.trustedSubjects(),
                check(PeerVerifier.of(v, material, PeerRole.CLIENT)));
    }

    public static ClientTlsSettings client(ServiceConfig service, BcTlsCrypto crypto, Log log)
            throws StartupException {
        TlsOptions tls = service.tls();
        TlsMaterial material = load(service, log);
        material.caNameNotices(false).forEach(n -> log.log(n.severity(), n.text()));
        return new ClientTlsSettings(credentials(service, material, crypto),
                ProtocolRange.of(tls.minVersion(), tls.maxVersion()), TlsDefaults.allSuites(), TlsDefaults.GROUPS,
                tls.sni().filter(s -> !s.isEmpty()), check(PeerVerifier.of(tls.verification(), material, PeerRole.SERVER)));
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

    private static String located(ServiceConfig service, TlsMaterialException e) {
        Origin at = service.origins().get(e.option());
        return at != null && LOCATED.contains(e.option()) ? at.prefix() + ": " + e.problem() : e.getMessage();
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
        return (chain, log) -> {
            VerifyOutcome outcome = verifier.verify(toX509(chain));
            outcome.log().forEach(line -> log.log(line.severity(), line.text()));
            if (!outcome.accepted()) {
                throw new TlsFatalAlert(outcome.alert(), "certificate rejected");
            }
        };
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
