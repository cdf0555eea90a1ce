package org.stunneljava.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.stunneljava.log.Severity;

/**
 * {@code ciphers}, {@code ciphersuites}, {@code curves}, {@code options}, {@code securityLevel},
 * {@code renegotiation} (stunnel's options.c). The lists are kept as written: OpenSSL reads them only when the TLS
 * context is built, and so does stunnel-java ({@code launch/TlsSettingsFactory}), so a bad name is a start-up error
 * there. {@code options} lines accumulate a set mask and a clear mask, and the clear mask wins whatever the order
 * of the lines, because stunnel applies {@code SSL_CTX_set_options} and then {@code SSL_CTX_clear_options}.
 */
final class PolicyOptions {
    /**
     * In effect before the user's options: OpenSSL 3.0's own default (ENABLE_MIDDLEBOX_COMPAT) and stunnel's
     * (ctx.c: NO_SSLv3; its NO_SSLv2 has no bit in OpenSSL 3, and it clears OpenSSL's NO_COMPRESSION). stunnel's
     * debug line "TLS options: 0x2100000" is these two bits.
     */
    private static final long STUNNEL_DEFAULT_OPTIONS = SslOptionNames.bits("NO_SSLv3", "ENABLE_MIDDLEBOX_COMPAT");
    private static final long RENEGOTIATION_OPTIONS =
            SslOptionNames.bits("ALLOW_CLIENT_RENEGOTIATION", "ALLOW_UNSAFE_LEGACY_RENEGOTIATION");

    private String ciphers;
    private String ciphersuites;
    private String curves;
    private long optionsSet;
    private long optionsClear;
    private int securityLevel = TlsPolicy.DEFAULT.securityLevel();
    private boolean renegotiation = true;
    private boolean renegotiationWritten;

    PolicyOptions copy() {
        PolicyOptions c = new PolicyOptions();
        c.ciphers = ciphers;
        c.ciphersuites = ciphersuites;
        c.curves = curves;
        c.optionsSet = optionsSet;
        c.optionsClear = optionsClear;
        c.securityLevel = securityLevel;
        c.renegotiation = renegotiation;
        c.renegotiationWritten = renegotiationWritten;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "ciphers" -> ciphers = value;
            case "ciphersuites" -> ciphersuites = value;
            case "curves" -> curves = value;
            case "options" -> option(value);
            case "securityLevel" -> {
                Integer level = Values.integer(value);
                if (level == null || level < 0 || level > 5) {
                    throw new OptionError("Illegal security level");
                }
                securityLevel = level;
            }
            case "renegotiation" -> {
                renegotiation = Values.yesNo(value);
                renegotiationWritten = true;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void option(String value) throws OptionError {
        boolean clear = value.startsWith("-");
        var bits = SslOptionNames.find(clear ? value.substring(1) : value);
        if (bits.isEmpty()) {
            throw new OptionError("Illegal TLS option");
        }
        if (clear) {
            optionsClear |= bits.getAsLong();
        } else {
            optionsSet |= bits.getAsLong();
        }
    }

    TlsPolicy build() {
        long options = (STUNNEL_DEFAULT_OPTIONS | optionsSet) & ~optionsClear;
        return new TlsPolicy(Optional.ofNullable(ciphers), Optional.ofNullable(ciphersuites),
                Optional.ofNullable(curves), new LinkedHashSet<>(SslOptionNames.names(options)), securityLevel,
                renegotiation);
    }

    /**
     * Bouncy Castle never renegotiates (it answers a peer's request with a no_renegotiation alert, which is also
     * what stunnel on OpenSSL 3 does unless ALLOW_CLIENT_RENEGOTIATION is set): asking for renegotiation in
     * writing gets a warning, the default does not.
     */
    void notices(String service, List<StartupNotice> notices) {
        String consequence = " has no effect: Bouncy Castle does not renegotiate (a peer's renegotiation request "
                + "is refused with a no_renegotiation alert)";
        if (renegotiationWritten && renegotiation) {
            notices.add(new StartupNotice(Severity.WARNING,
                    "Service [" + service + "]: \"renegotiation = yes\"" + consequence));
        }
        long asked = optionsSet & ~optionsClear & RENEGOTIATION_OPTIONS;
        for (String name : SslOptionNames.names(asked)) {
            notices.add(new StartupNotice(Severity.WARNING,
                    "Service [" + service + "]: \"options = " + name + "\"" + consequence));
        }
    }
}
