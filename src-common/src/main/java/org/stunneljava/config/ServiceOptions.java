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
    private final KeyPasswordOptions keyPassword;
    private final OcspFamily ocsp;
    private final PskFamily psk;
    private final SessionCacheOptions sessions;
    private final PolicyOptions policy;
    private final TransparentOptions transparent;
    private final NegotiationOptions negotiation;
    private final ProxyProtocolOptions proxy;
    private final ExecOptions exec;
    private final ConnectionFamily connections;
    private final IdentityOptions identity;
    private final Map<String, Origin> origins;

    private ServiceOptions(LogOptions log, AddressOptions addresses, ModeOptions mode,
                           VerificationOptions verification, ProtocolOptions protocols, TimeoutOptions timeouts,
                           KeyPasswordOptions keyPassword, OcspFamily ocsp, PskFamily psk,
                           SessionCacheOptions sessions, PolicyOptions policy, TransparentOptions transparent,
                           NegotiationOptions negotiation, ProxyProtocolOptions proxy,
                           ExecOptions exec, ConnectionFamily connections, IdentityOptions identity,
                           Map<String, Origin> origins) {
        this.log = log;
        this.addresses = addresses;
        this.mode = mode;
        this.verification = verification;
        this.protocols = protocols;
        this.timeouts = timeouts;
        this.keyPassword = keyPassword;
        this.ocsp = ocsp;
        this.psk = psk;
        this.sessions = sessions;
        this.policy = policy;
        this.transparent = transparent;
        this.negotiation = negotiation;
        this.proxy = proxy;
        this.exec = exec;
        this.connections = connections;
        this.identity = identity;
        this.origins = origins;
    }

    /**
     * @param workingDirectory what relative file names in option values are resolved against, for the options
     *                         whose files stunnel reads while parsing (PSKsecrets)
     * @param notices          where lines logged while parsing go
     */
    static ServiceOptions globalDefaults(Path workingDirectory, List<StartupNotice> notices) {
        return globalDefaults(workingDirectory, notices, HostResolver.system());
    }

    /** @param resolver resolves {@code local} at its line, as stunnel does */
    static ServiceOptions globalDefaults(Path workingDirectory, List<StartupNotice> notices, HostResolver resolver) {
        return new ServiceOptions(LogOptions.forGlobalSection(), new AddressOptions(), new ModeOptions(),
                new VerificationOptions(), new ProtocolOptions(), new TimeoutOptions(), new KeyPasswordOptions(),
                new OcspFamily(), new PskFamily(workingDirectory, notices), new SessionCacheOptions(),
                new PolicyOptions(), new TransparentOptions(), new NegotiationOptions(), new ProxyProtocolOptions(),
                new ExecOptions(), new ConnectionFamily(resolver), new IdentityOptions(), new LinkedHashMap<>());
    }

    ServiceOptions copyForSection() {
        return new ServiceOptions(log.copyForService(), addresses.copy(), mode.copy(), verification.copy(),
                protocols.copy(), timeouts.copy(), keyPassword.copy(), ocsp.copy(), psk.copy(), sessions.copy(),
                policy.copy(), transparent.copy(), negotiation.copy(), proxy.copy(),
                exec.copy(), connections.copy(), identity.copy(), new LinkedHashMap<>(origins));
    }

    /** @param option stunnel's spelling of a supported service-level option */
    void apply(String option, String value, Origin origin) throws OptionError {
        boolean known = log.apply(option, value) || addresses.apply(option, value) || mode.apply(option, value)
                || verification.apply(option, value) || protocols.apply(option, value)
                || timeouts.apply(option, value) || keyPassword.apply(option, value) || ocsp.apply(option, value)
                || psk.apply(option, value) || sessions.apply(option, value) || policy.apply(option, value)
                || transparent.apply(option, value) || negotiation.apply(option, value)
                || proxy.apply(option, value) || exec.apply(option, value) || connections.apply(option, value)
                || identity.apply(option, value);
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

    /** The global section's {@code setuid}/{@code setgid}: the identity the process drops to (with its notices). */
    UserGroup processIdentity(List<StartupNotice> notices) {
        return identity.forProcess(origins, notices);
    }

    /** The global section's {@code maxClients} (the process's limit), if it set one. */
    java.util.OptionalInt globalMaxClients() {
        return connections.globalMaxClients();
    }

    /** What {@link #finish} needs from outside the section. */
    record Context(String name, Origin origin, boolean inetd, List<SectionRef> sections, Addresses addresses,
                   Path workingDirectory, EnvironmentVariables variables, List<StartupNotice> notices) {
    }

    /** A section seen so far, for {@code sni = PRIMARY:pattern} look-ups. */
    record SectionRef(String name, boolean client) {
    }

    ServiceConfig finish(Context ctx) throws OptionError {
        List<Endpoint> accept = addresses.acceptEndpoints(ctx.addresses(), ctx.notices());
        if (!mode.client() && mode.cert() == null && !psk.enabled()) { // stunnel: PSK keys skip the check
            throw new OptionError("TLS server needs a certificate");
        }
        verification.checkSubjectsNeedVerification();
        List<Endpoint> connect = addresses.connectEndpoints(ctx.addresses(), ctx.notices());
        ocsp.checkNeedsChain(verification.verifyChain());
        negotiation.check(mode.client());
        proxy.check(mode.client(), negotiation.kind());
        negotiation.checkAllow(mode.client(), origins);
        PskOptions pskOptions = psk.build(mode.client(), ctx.notices());
        List<Endpoint> redirect = redirect(ctx);
        Optional<String> sni = clientSni();
        Optional<VirtualHost> virtualHost = virtualHost(ctx);
        protocols.checkRange();
        sessions.checkTicketSecrets(mode.client(), ctx.notices());
        verification.checkTrustAnchors();
        transparent.checkGateway(mode.client(), verification.verifies());
        checkEndpoints(ctx.inetd(), (virtualHost.isPresent() ? 1 : 0)
                + (transparent.isEndpoint(mode.client(), addresses.hasConnect()) ? 1 : 0)
                + (negotiation.isEndpoint(mode.client()) ? 1 : 0) + (exec.isEndpoint() ? 1 : 0));
        exec.check(mode.client(), addresses.hasAccept());
        Transparency transparency = transparent.build(mode.client(), addresses.hasConnect());
        authenticationWarnings(ctx);
        sessions.tls13Note(ctx.name(), protocols.max(), origins, ctx.notices());
        policy.notices(ctx.name(), ctx.notices());
        negotiation.notices(ctx.name(), ctx.notices(), mode.client());
        Path dir = ctx.workingDirectory();
        TlsOptions tls = new TlsOptions(Optional.ofNullable(mode.cert()).map(dir::resolve),
                Optional.ofNullable(mode.key()).map(dir::resolve), verification.build(dir), protocols.min(),
                protocols.max(), sni, tlsPolicy(), sessions(), pskOptions, ocsp(), keyPassword(ctx));
        return new ServiceConfig(ctx.name(), ctx.origin(), mode.client(), accept, connect, addresses.delay(),
                addresses.failover(), timeouts.build(), tls, log.level(), virtualHost, redirect, transparency,
                negotiation.build(), proxy.build(), exec.build(), origins,
                connections.build(virtualHost.isPresent(), origins), identity.build());
    }

    private TlsPolicy tlsPolicy() {
        return policy.build();
    }

    private SessionOptions sessions() {
        return sessions.build(mode.client());
    }

    private OcspOptions ocsp() {
        return ocsp.build();
    }

    private KeyPassword keyPassword(Context ctx) throws OptionError {
        return keyPassword.build(ctx.workingDirectory(), ctx.variables(), origins, ctx.notices());
    }

    /** stunnel's redirect checks: server sections only, with certificate verification to fail. */
    private List<Endpoint> redirect(Context ctx) throws OptionError {
        if (!addresses.hasRedirect()) {
            return List.of();
        }
        if (mode.client()) {
            throw new OptionError("\"redirect\" is unsupported in client sections");
        }
        if (negotiation.connectsBeforeTls(mode.client())) {
            throw new OptionError("\"redirect\" is incompatible with the specified protocol negotiation");
        }
        List<Endpoint> redirect = addresses.redirectEndpoints(ctx.addresses(), ctx.notices());
        if (!verification.verifies()) {
            throw new OptionError("Either \"verifyChain\" or \"verifyPeer\" has to be enabled for \"redirect\" to work");
        }
        return redirect;
    }

    /**
     * Client: the name to send, by default the host part of {@code protocolHost} or else of the first connect value,
     * as written ("localhost" without a colon); empty disables SNI.
     */
    private Optional<String> clientSni() throws OptionError {
        String sni = mode.sni();
        if (!mode.client()) {
            return Optional.empty();
        }
        if (sni != null && sni.contains(":")) {
            // stunnel would send the text as a host name, which no server can match: a virtual-service line put in
            // a client section by mistake.
            throw OptionError.atLine(origins.get("sni"), "\"sni = PRIMARY:pattern\" defines a virtual service,"
                    + " which needs a server section (client = no); a client's sni is a host name");
        }
        String named = negotiation.host().orElse(addresses.firstConnect()); // stunnel prefers protocolHost
        if (sni == null && named != null) {
            String host = Addresses.hostOf(named);
            sni = host != null ? host : "localhost";
        }
        return Optional.ofNullable(sni).filter(s -> !s.isEmpty());
    }

    /** Server: {@code PRIMARY:pattern} makes the section a virtual service of an earlier server section. */
    private Optional<VirtualHost> virtualHost(Context ctx) throws OptionError {
        String sni = mode.sni();
        if (mode.client() || sni == null) {
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
        return Optional.of(new VirtualHost(primary, sni.substring(colon + 1)));
    }

    /**
     * A virtual service's {@code sni} counts as its accepting endpoint, and {@code transparent = destination} as
     * its connecting one, as in stunnel.
     */
    private void checkEndpoints(boolean inetd, int otherEndpoints) throws OptionError {
        int endpoints = (addresses.hasAccept() ? 1 : 0) + (addresses.hasConnect() ? 1 : 0) + otherEndpoints;
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
