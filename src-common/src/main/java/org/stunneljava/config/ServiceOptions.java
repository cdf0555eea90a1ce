package org.stunneljava.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stunneljava.log.Severity;

/**
 * The service-level options of one section, or of the global section where they are defaults: each section
 * starts as a copy of the global section's state, so the side effects of those lines (verifyChain turning on
 * requireCert, ...) carry over exactly as applied there. {@link #finish} runs stunnel's end-of-section checks in
 * stunnel's order (its option table order), because the first failing check is the one the user sees.
 */
final class ServiceOptions {
    private final LogOptions log;
    private final AddressOptions addresses;
    private final ModeOptions mode;
    private final VerificationOptions verification;
    private final ProtocolOptions protocols;
    private final TimeoutOptions timeouts;
    private final SessionCacheOptions sessions;
    private final Map<String, Origin> origins;

    private ServiceOptions(LogOptions log, AddressOptions addresses, ModeOptions mode,
                           VerificationOptions verification, ProtocolOptions protocols, TimeoutOptions timeouts,
                           SessionCacheOptions sessions, Map<String, Origin> origins) {
        this.log = log;
        this.addresses = addresses;
        this.mode = mode;
        this.verification = verification;
        this.protocols = protocols;
        this.timeouts = timeouts;
        this.sessions = sessions;
        this.origins = origins;
    }

    static ServiceOptions globalDefaults() {
        return new ServiceOptions(LogOptions.forGlobalSection(), new AddressOptions(), new ModeOptions(),
                new VerificationOptions(), new ProtocolOptions(), new TimeoutOptions(), new SessionCacheOptions(),
                new LinkedHashMap<>());
    }

    ServiceOptions copyForSection() {
        return new ServiceOptions(log.copyForService(), addresses.copy(), mode.copy(), verification.copy(),
                protocols.copy(), timeouts.copy(), sessions.copy(), new LinkedHashMap<>(origins));
    }

    /** @param option stunnel's spelling of a supported service-level option */
    void apply(String option, String value, Origin origin) throws OptionError {
        boolean known = log.apply(option, value) || addresses.apply(option, value) || mode.apply(option, value)
                || verification.apply(option, value) || protocols.apply(option, value)
                || timeouts.apply(option, value) || sessions.apply(option, value);
        if (!known) {
            throw new IllegalStateException("option table and families disagree on " + option);
        }
        origins.put(option, origin);
    }

    LogOptions log() {
        return log;
    }

    boolean client() {
        return mode.client();
    }

    /** What {@link #finish} needs from outside the section. */
    record Context(String name, Origin origin, boolean inetd, List<SectionRef> sections, Addresses addresses,
                   Path workingDirectory, List<StartupNotice> notices) {
    }

    /** A section seen so far, for {@code sni = PRIMARY:pattern} look-ups. */
    record SectionRef(String name, boolean client) {
    }

    ServiceConfig finish(Context ctx) throws OptionError {
        List<Endpoint> accept = addresses.acceptEndpoints(ctx.addresses(), ctx.notices());
        if (!mode.client() && mode.cert() == null) {
            throw new OptionError("TLS server needs a certificate");
        }
        verification.checkSubjectsNeedVerification();
        List<Endpoint> connect = addresses.connectEndpoints(ctx.addresses(), ctx.notices());
        Optional<String> sni = sni(ctx);
        protocols.checkRange();
        sessions.checkTicketSecrets(mode.client(), ctx.notices());
        verification.checkTrustAnchors();
        checkEndpoints(ctx.inetd());
        authenticationWarnings(ctx);
        sessions.tls13Note(ctx.name(), protocols.max(), origins, ctx.notices());
        Path dir = ctx.workingDirectory();
        TlsOptions tls = new TlsOptions(Optional.ofNullable(mode.cert()).map(dir::resolve),
                Optional.ofNullable(mode.key()).map(dir::resolve), verification.build(dir), protocols.min(),
                protocols.max(), sni, tlsPolicy(), sessions(), psk(dir), ocsp(), keyPassword(dir));
        return new ServiceConfig(ctx.name(), ctx.origin(), mode.client(), accept, connect, addresses.delay(),
                addresses.failover(), timeouts.build(), tls, log.level(), origins);
    }

    private TlsPolicy tlsPolicy() {
        return TlsPolicy.DEFAULT;
    }

    private SessionOptions sessions() {
        return sessions.build(mode.client());
    }

    private PskOptions psk(Path dir) {
        return PskOptions.NONE;
    }

    private OcspOptions ocsp() {
        return OcspOptions.DEFAULT;
    }

    private KeyPassword keyPassword(Path dir) {
        return KeyPassword.NONE;
    }

    /**
     * Client: the name to send, by default the host part of the first connect value as written ("localhost" for a
     * bare port); empty disables SNI. Server: {@code PRIMARY:pattern} makes the section a virtual host, which is
     * not supported yet; stunnel's own format checks come first.
     */
    private Optional<String> sni(Context ctx) throws OptionError {
        String sni = mode.sni();
        if (mode.client()) {
            if (sni == null && addresses.firstConnect() != null) {
                String host = Addresses.hostOf(addresses.firstConnect());
                sni = host != null ? host : "localhost";
            }
            return Optional.ofNullable(sni).filter(s -> !s.isEmpty());
        }
        if (sni == null) {
            return Optional.empty();
        }
        int colon = sni.indexOf(':');
        if (colon < 0) {
            throw new OptionError("Invalid SNI parameter format");
        }
        String primary = sni.substring(0, colon);
        SectionRef found = ctx.sections().stream().filter(s -> s.name().equals(primary)).findFirst()
                .orElseThrow(() -> new OptionError("SNI section name not found"));
        if (found.client()) {
            throw new OptionError("SNI primary service is a TLS client");
        }
        throw OptionError.atLine(origins.get("sni"),
                OptionError.notSupportedYet("sni") + " in server mode (SNI virtual services)");
    }

    private void checkEndpoints(boolean inetd) throws OptionError {
        int endpoints = (addresses.hasAccept() ? 1 : 0) + (addresses.hasConnect() ? 1 : 0);
        if (!inetd && endpoints != 2) {
            throw new OptionError("Each service must define two endpoints");
        }
        if (inetd && addresses.hasAccept()) {
            throw new OptionError("'accept' option is only allowed in a [section]");
        }
        if (inetd && endpoints != 1) {
            throw new OptionError("Inetd mode must define one endpoint");
        }
    }

    /** stunnel's start-up warnings for clients that would trust any server (servers are not warned). */
    private void authenticationWarnings(Context ctx) {
        if (!mode.client() || verification.verifyPeer()) {
            return;
        }
        if (!verification.verifyChain()) {
            ctx.notices().add(new StartupNotice(Severity.WARNING,
                    "Service [" + ctx.name() + "] needs authentication to prevent MITM attacks"));
        } else if (!verification.hasSubjectChecks()) {
            ctx.notices().add(new StartupNotice(Severity.WARNING,
                    "Service [" + ctx.name() + "] uses \"verifyChain\" without subject checks"));
            ctx.notices().add(new StartupNotice(Severity.WARNING,
                    "Use \"checkHost\" or \"checkIP\" to restrict trusted certificates"));
        }
    }
}
