package org.stunneljava.tls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.stunneljava.config.TlsPolicy;
import org.stunneljava.config.TlsVersion;

/**
 * Turns a service's {@link TlsPolicy} into what its handshakes offer and accept, in the order stunnel builds its
 * TLS context (ctx.c), so the first problem reported is stunnel's: {@link #start} reads {@code ciphers} (and its
 * {@code @SECLEVEL}) and {@code ciphersuites}; {@link #checkOwnKey} is the certificate's key against the security
 * level; {@link #finish} reads {@code curves} and settles versions, suites and groups.
 */
public final class PolicyResolver {
    /**
     * @param versions    newest first
     * @param suites      TLS 1.3 suites, then the TLS 1.2-and-older ones, in preference order
     * @param groups      in preference order
     */
    public record Resolved(ProtocolVersion[] versions, int[] suites, int[] groups, NegotiationPolicy negotiation) {
    }

    private final TlsPolicy policy;
    private final List<Integer> tls13;
    private final List<OpenSslCipher> tls12;
    private final SecurityLevel level;

    private PolicyResolver(TlsPolicy policy, List<Integer> tls13, List<OpenSslCipher> tls12, SecurityLevel level) {
        this.policy = policy;
        this.tls13 = tls13;
        this.tls12 = tls12;
        this.level = level;
    }

    public static PolicyResolver start(TlsPolicy policy) throws PolicyException {
        CipherList.Expansion expansion;
        try {
            expansion = CipherList.expand(policy.ciphers().orElse(TlsDefaults.CIPHERS));
        } catch (CipherListException e) {
            throw new PolicyException("ciphers", List.of("SSL_CTX_set_cipher_list: " + e.openssl()),
                    e.getMessage() + "; accepted: OpenSSL cipher strings made of the aliases "
                            + String.join(", ", CipherAliases.names()) + " and the suite names "
                            + String.join(", ", OpenSslCiphers.all().stream().map(OpenSslCipher::name).toList())
                            + ", joined with : or + and prefixed with !, - or +, and @STRENGTH, @SECLEVEL=0-5");
        }
        List<Integer> named;
        try {
            named = Tls13Suites.parse(policy.ciphersuites().orElse(TlsDefaults.CIPHERSUITES));
        } catch (CipherListException e) {
            throw new PolicyException("ciphersuites", List.of("SSL_CTX_set_ciphersuites: " + e.openssl()),
                    e.getMessage() + "; accepted: " + String.join(", ", Tls13Suites.names())
                            + " (or an IANA name of a TLS 1.2 suite)");
        }
        // OpenSSL keeps the ciphersuites list ahead of the cipher list; a TLS 1.2 name in it stays there too
        List<Integer> tls13 = named.stream().filter(Tls13Suites::isTls13).toList();
        Set<OpenSslCipher> tls12 = new LinkedHashSet<>();
        named.stream().filter(s -> !Tls13Suites.isTls13(s)).forEach(s -> tls12.add(OpenSslCiphers.byCode(s).orElseThrow()));
        tls12.addAll(expansion.suites());
        int level = expansion.securityLevel().orElse(policy.securityLevel());
        return new PolicyResolver(policy, tls13, List.copyOf(tls12), new SecurityLevel(level));
    }

    public SecurityLevel securityLevel() {
        return level;
    }

    /** OpenSSL refuses to load a certificate whose key is weaker than the security level ({@code ee key too small}). */
    public void checkOwnKey(AsymmetricKeyParameter key) throws PolicyException {
        int bits = SecurityLevel.bitsOf(key);
        if (bits < level.minBits()) {
            throw new PolicyException("cert",
                    List.of("SSL_CTX_use_certificate_chain_file: error:0A00018F:SSL routines::ee key too small"),
                    "the certificate's " + SecurityLevel.describe(key) + " offers " + bits + " bits of security;"
                            + " security level " + level.level() + " needs " + level.minBits() + " (RSA "
                            + level.minRsaDhBits() + " bits, EC " + 2 * level.minBits() + " bits)");
        }
    }

    /**
     * @param client  a client does not skip versions: it offers the newest enabled one and those below it down to
     *                the first disabled one (OpenSSL's rule for "holes" in the version range)
     * @param psk     pre-shared keys are configured, so the PSK suites of the lists can be used
     */
    public Resolved finish(TlsVersion min, TlsVersion max, boolean client, boolean psk, TlsCrypto crypto)
            throws PolicyException {
        int[] groups = groups(crypto);
        List<Integer> suites13 = tls13.stream()
                .filter(s -> level.allowsTls13(s) && TlsUtils.isSupportedCipherSuite(crypto, s)).toList();
        List<OpenSslCipher> suites12 = tls12.stream().filter(c -> usable(c, psk, crypto)).toList();
        ProtocolVersion[] versions = versions(min, max, client, suites13, suites12);
        // as OpenSSL, only suites some enabled version can use: a TLS 1.2 client sends no TLS 1.3 suites
        List<ProtocolVersion> enabled = List.of(versions);
        List<Integer> all = new ArrayList<>();
        if (enabled.contains(ProtocolVersion.TLSv13)) {
            all.addAll(suites13);
        }
        boolean tls12 = enabled.contains(ProtocolVersion.TLSv12);
        boolean older = enabled.contains(ProtocolVersion.TLSv11) || enabled.contains(ProtocolVersion.TLSv10);
        suites12.stream().filter(c -> tls12 || older && c.since() != OpenSslCipher.Since.TLSv1_2)
                .forEach(c -> all.add(c.code()));
        NegotiationPolicy negotiation = new NegotiationPolicy(policy.option("CIPHER_SERVER_PREFERENCE"),
                policy.option("PRIORITIZE_CHACHA"), !policy.option("NO_EXTENDED_MASTER_SECRET"),
                policy.option("ENABLE_MIDDLEBOX_COMPAT"), level);
        return new Resolved(versions, all.stream().mapToInt(Integer::intValue).toArray(), groups, negotiation);
    }

    /**
     * Anonymous suites are never used (a server always has a certificate here, and a client never offers them);
     * SRP needs a verifier file stunnel has no option for; PSK suites need {@code PSKsecrets}.
     */
    private boolean usable(OpenSslCipher c, boolean psk, TlsCrypto crypto) {
        boolean pskSuite = (c.kx() & OpenSslCipher.KX_ANY_PSK) != 0;
        return level.allows(c) && !c.anonymous() && (c.kx() & OpenSslCipher.KX_SRP) == 0 && (psk || !pskSuite)
                && TlsUtils.isSupportedCipherSuite(crypto, c.code());
    }

    private int[] groups(TlsCrypto crypto) throws PolicyException {
        List<GroupNames.Group> parsed;
        try {
            parsed = GroupNames.parse(policy.curves().orElse(TlsDefaults.CURVES));
        } catch (CipherListException e) {
            throw new PolicyException("curves", List.of("Invalid groups list in 'curves'"),
                    e.getMessage() + "; accepted (case-sensitive): " + String.join(", ", GroupNames.names()));
        }
        return parsed.stream().filter(g -> level.allows(g) && crypto.hasNamedGroup(g.code()))
                .mapToInt(GroupNames.Group::code).toArray();
    }

    private ProtocolVersion[] versions(TlsVersion min, TlsVersion max, boolean client, List<Integer> suites13,
                                       List<OpenSslCipher> suites12) throws PolicyException {
        List<ProtocolVersion> versions = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (int i = max.ordinal(); i >= min.ordinal(); i--) {
            TlsVersion v = TlsVersion.values()[i];
            String off = disabled(v, suites13, suites12);
            if (off == null) {
                versions.add(ProtocolRange.toBc(v));
            } else {
                why.add(v.configName() + " " + off);
                if (client && !versions.isEmpty()) {
                    break;
                }
            }
        }
        if (versions.isEmpty()) {
            throw new PolicyException(null, List.of(), "no protocol version left to negotiate: "
                    + String.join(", ", why));
        }
        return versions.toArray(ProtocolVersion[]::new);
    }

    /** Why a version cannot be used, or null. */
    private String disabled(TlsVersion v, List<Integer> suites13, List<OpenSslCipher> suites12) {
        if (ProtocolRange.toBc(v) == null) {
            return "is not implemented by Bouncy Castle";
        }
        String option = "NO_" + v.configName().replace('.', '_');
        if (policy.option(option)) {
            return "is disabled by options = " + option;
        }
        if (!level.allows(v)) {
            return "is below security level " + level.level();
        }
        if (v == TlsVersion.TLSv1_3) {
            return suites13.isEmpty() ? "has no usable suite in ciphersuites" : null;
        }
        boolean any = suites12.stream().anyMatch(c -> v == TlsVersion.TLSv1_2 || c.since() != OpenSslCipher.Since.TLSv1_2);
        return any ? null : "has no usable suite in ciphers";
    }
}
