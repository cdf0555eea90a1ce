package org.stunneljava.check;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verdicts decided by an option's value (and its section), not its name: {@code protocol = cifs} is refused,
 * {@code exec} in a client section is refused, {@code foreground = no} does not detach, and so on. Each refusal here
 * is one the loader makes too (a test checks that they agree), said at the option's line rather than at the end of
 * the section. Name-only words are in {@link OptionNotes}.
 */
final class ValueRules {
    /**
     * {@code foreground = no} as the code behaves today; update it (and {@link #unset}) when daemon mode lands
     * (issue 6).
     */
    static final String FOREGROUND_NO = "the program detaches by starting a second JVM (a JVM cannot fork): the"
            + " launcher returns once the daemon accepts (about two JVM start-ups), the daemon keeps the working"
            + " directory; under systemd prefer foreground = yes with Type=notify";
    static final String IDENTITY = "dropped after binding as in stunnel, for every JVM thread; a reload keeps the"
            + " identity, so ports below 1024 cannot be bound by a reload (the systemd units grant"
            + " CAP_NET_BIND_SERVICE instead)";
    static final String TICKETS = "tickets are sealed in stunnel-java's own format: servers sharing these secrets"
            + " resume each other's sessions only if all of them are stunnel-java";
    private static final String RENEGOTIATION = "Bouncy Castle never renegotiates: a peer's request gets a"
            + " no_renegotiation alert";
    private static final String NO_TLS13_RESUMPTION = "TLS 1.2 sessions only: TLS 1.3 sessions are never resumed"
            + " (Bouncy Castle 1.84)";

    /** {@code options} names that act (README, TLS options); the obsolete ones have no bit in OpenSSL 3. */
    private static final Set<String> TLS_OPTIONS_WITH_EFFECT = Set.of("NO_TLSV1", "NO_TLSV1_1", "NO_TLSV1_2",
            "NO_TLSV1_3", "NO_SSL_MASK", "CIPHER_SERVER_PREFERENCE", "PRIORITIZE_CHACHA", "NO_EXTENDED_MASTER_SECRET",
            "ENABLE_MIDDLEBOX_COMPAT", "NO_TICKET");

    @FunctionalInterface
    private interface Rule {
        Optional<Verdict> judge(String value, LineContext ctx);
    }

    private static final Map<String, Rule> RULES = lowerKeys(Map.ofEntries(
            Map.entry("foreground", (v, c) -> when(v.equalsIgnoreCase("no"), Verdict.differs(FOREGROUND_NO))),
            Map.entry("pid", ValueRules::pid),
            Map.entry("exec", ValueRules::exec),
            Map.entry("execArgs", ValueRules::execArgs),
            Map.entry("protocol", (v, c) -> Optional.of(protocol(v.toLowerCase(Locale.ROOT), c))),
            Map.entry("protocolAuthentication", ValueRules::protocolAuthentication),
            Map.entry("sni", ValueRules::sni),
            Map.entry("transparent", ValueRules::transparent),
            Map.entry("cert", ValueRules::cert),
            Map.entry("key", (v, c) -> pkcs11(v)),
            Map.entry("options", (v, c) -> Optional.of(tlsOption(v))),
            Map.entry("renegotiation", (v, c) -> when(v.equalsIgnoreCase("yes"), Verdict.differs(RENEGOTIATION))),
            Map.entry("securityLevel", (v, c) -> when(!v.equals("0"), Verdict.differs("not applied to the peer's"
                    + " certificate (its key size and signature algorithms); applied to suites, groups, versions"
                    + " and our own key"))),
            Map.entry("sslVersion", (v, c) -> version(v, c, true)),
            Map.entry("sslVersionMax", (v, c) -> version(v, c, true)),
            Map.entry("sslVersionMin", (v, c) -> version(v, c, false)),
            Map.entry("sessionCacheSize", (v, c) -> when(tls13(c), Verdict.differs(NO_TLS13_RESUMPTION))),
            Map.entry("sessionCacheTimeout", (v, c) -> when(tls13(c), Verdict.differs(NO_TLS13_RESUMPTION))),
            Map.entry("sessionResume", (v, c) -> when(v.equalsIgnoreCase("yes") && tls13(c),
                    Verdict.differs(NO_TLS13_RESUMPTION)))));

    private ValueRules() {
    }

    /** @param option stunnel's spelling (an alias already mapped to its option) */
    static Optional<Verdict> judge(String option, String value, LineContext ctx) {
        Rule rule = RULES.get(option.toLowerCase(Locale.ROOT));
        return rule == null ? Optional.empty() : rule.judge(value, ctx);
    }

    /** For the tests: the options with a value rule (lower case). */
    static Set<String> ruleNames() {
        return RULES.keySet();
    }

    /** A global option the file does not set, whose default differs: its verdict. */
    record Unset(String option, Verdict verdict) {
    }

    static List<Unset> unset(LineContext global) {
        return global.has("foreground") ? List.of() : List.of(new Unset("foreground", Verdict.differs(
                "not set: stunnel's default \"no\" detaches; " + FOREGROUND_NO)));
    }

    private static Optional<Verdict> pid(String value, LineContext ctx) {
        return when(ctx.bothModes() && !value.isEmpty(), Verdict.differs("the file has client and server services:"
                + " each program inserts .server or .client before the extension, so there are two pid files"));
    }

    /** stunnel-java runs a program per connection of a server section with accept (ExecOptions.check). */
    private static Optional<Verdict> exec(String value, LineContext ctx) {
        if (!ctx.globalSection() && ctx.client()) {
            return Optional.of(Verdict.notSupported("not yet in client sections (TLS to a local program):"
                    + " stunnel-java runs exec in server sections"));
        }
        if (!ctx.globalSection() && !ctx.has("accept")) {
            return Optional.of(Verdict.notSupported("not yet without accept (an exec+connect service)"));
        }
        return Optional.of(Verdict.differs("the program's standard error is stunnel-java's, and a program still"
                + " running when its connection ends on an error or a timeout is terminated"));
    }

    private static Optional<Verdict> execArgs(String value, LineContext ctx) {
        String first = value.trim().split("[ \\t]+")[0];
        Optional<String> program = ctx.value("exec");
        return when(program.isPresent() && !first.isEmpty() && !first.equals(program.get()),
                Verdict.differs("the program's argv[0] is exec's path, not \"" + first + "\" (the JDK cannot set"
                        + " argv[0]); the other words are passed as written"));
    }

    /** NegotiationOptions.check: what stunnel refuses, what stunnel-java does not speak, and the differences. */
    private static Verdict protocol(String name, LineContext ctx) {
        boolean client = ctx.client();
        String mode = client ? "client" : "server";
        Verdict stunnelRefuses = Verdict.notSupported("stunnel refuses it in the " + mode + " mode too");
        return switch (name) {
            case "cifs" -> Verdict.notSupported("never: SMB's obsolete NetBIOS TLS upgrade");
            case "capwin" -> Verdict.notSupported("never: a proprietary CAPWIN scheme");
            case "capwinctrl" -> client ? Verdict.notSupported("never: a proprietary CAPWIN scheme") : stunnelRefuses;
            case "socks" -> client ? Verdict.notSupported("not yet in the client mode (the socks server is supported)")
                    : Verdict.differs("the server answers after it connected the destination (a failed connect gets"
                    + " an error reply where stunnel answers success, then resets); ::ffff:127.0.0.1 counts as"
                    + " loopback");
            case "connect" -> !client ? Verdict.differs("its answers say \"Server: stunnel-java/VERSION\"")
                    : ctx.has("protocolHost") || ctx.globalSection() ? Verdict.SUPPORTED
                    : Verdict.notSupported("needs protocolHost, as in stunnel 5.73+ (5.68 starts, then fails every"
                    + " connection)");
            case "smtp" -> client ? Verdict.differs("the default SNI is the connect host, not protocolHost; AUTH"
                    + " follows EHLO, as in stunnel 5.73+ (5.68: HELO)") : Verdict.SUPPORTED;
            case "pop3", "imap", "pgsql" -> Verdict.SUPPORTED;
            case "proxy" -> client ? stunnelRefuses : Verdict.SUPPORTED;
            case "nntp", "ldap" -> client ? Verdict.SUPPORTED : stunnelRefuses;
            case "https-proxy" -> client ? Verdict.notSupported("an HTTPS proxy is a server (stunnel-java extension)")
                    : Verdict.supported("stunnel-java extension");
            default -> Verdict.notSupported("an unknown protocol (\"Protocol not supported\")");
        };
    }

    private static Optional<Verdict> protocolAuthentication(String value, LineContext ctx) {
        return when(value.equalsIgnoreCase("ntlm") && ctx.client() && ctx.lower("protocol").equals("connect"),
                Verdict.notSupported("not yet: NTLM proxy authentication; use basic"));
    }

    private static Optional<Verdict> sni(String value, LineContext ctx) {
        return when(!ctx.globalSection() && ctx.client() && value.contains(":"), Verdict.notSupported(
                "PRIMARY:pattern defines a virtual service, which needs a server section (stunnel would send the"
                        + " text as a host name)"));
    }

    private static Optional<Verdict> transparent(String value, LineContext ctx) {
        return when(value.equalsIgnoreCase("destination") && ctx.has("connect") && !ctx.globalSection(),
                Verdict.supported("stunnel-java extension: with connect, the original destination is carried to"
                        + " the exit server; stunnel refuses this pair"));
    }

    private static Optional<Verdict> cert(String value, LineContext ctx) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
            return Optional.of(Verdict.differs("a PKCS#12 file: its CA certificates are sent along with the leaf"
                    + " (stunnel sends the leaf only)"));
        }
        return pkcs11(value);
    }

    private static Optional<Verdict> pkcs11(String value) {
        return when(value.toLowerCase(Locale.ROOT).startsWith("pkcs11:"), Verdict.notSupported("never: a PKCS#11"
                + " URI needs an OpenSSL engine or provider; stunnel-java reads PEM and PKCS#12 files"));
    }

    private static Verdict tlsOption(String value) {
        boolean clear = value.startsWith("-");
        String name = (clear ? value.substring(1) : value).toUpperCase(Locale.ROOT);
        if (TLS_OPTIONS_WITH_EFFECT.contains(name)) {
            return Verdict.SUPPORTED;
        }
        return switch (org.stunneljava.config.ConfigListing.tlsOption(name)) {
            case UNKNOWN -> Verdict.SUPPORTED; // "Illegal TLS option": the loader's error, shown below
            case OBSOLETE -> Verdict.supported("no effect with OpenSSL 3 either");
            case KNOWN -> switch (name) {
                case "NO_SSLV3" -> clear ? Verdict.differs("SSLv3 is never offered, as with OpenSSL 3")
                        : Verdict.SUPPORTED;
                case "NO_RENEGOTIATION" -> clear ? Verdict.differs(RENEGOTIATION) : Verdict.SUPPORTED;
                case "NO_COMPRESSION" -> clear ? Verdict.differs("Bouncy Castle has no TLS compression")
                        : Verdict.SUPPORTED;
                case "ALLOW_CLIENT_RENEGOTIATION", "ALLOW_UNSAFE_LEGACY_RENEGOTIATION" -> clear ? Verdict.SUPPORTED
                        : Verdict.differs(RENEGOTIATION);
                default -> Verdict.differs("accepted, no effect in stunnel-java");
            };
        };
    }

    /**
     * SSLv3 is never offered; TLSv1 and TLSv1.1 need security level 0, as with OpenSSL 3 (stunnel built on
     * OpenSSL 1.1 offered them at its default level).
     */
    private static Optional<Verdict> version(String value, LineContext ctx, boolean bounds) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("sslv3")) {
            return Optional.of(Verdict.differs("SSLv3 is never offered, as with OpenSSL 3"));
        }
        boolean levelZero = ctx.lower("securityLevel").equals("0") || ctx.lower("ciphers").contains("@seclevel=0");
        return when(bounds && (v.equals("tlsv1") || v.equals("tlsv1.1")) && !levelZero,
                Verdict.differs("TLSv1 and TLSv1.1 need securityLevel = 0, as with OpenSSL 3"));
    }

    /** TLS 1.3 is in the section's range unless its maximum is set lower. */
    private static boolean tls13(LineContext ctx) {
        String max = ctx.has("sslVersionMax") ? ctx.lower("sslVersionMax") : ctx.lower("sslVersion");
        return !Set.of("sslv3", "tlsv1", "tlsv1.1", "tlsv1.2").contains(max);
    }

    private static Optional<Verdict> when(boolean condition, Verdict verdict) {
        return condition ? Optional.of(verdict) : Optional.empty();
    }

    private static <V> Map<String, V> lowerKeys(Map<String, V> map) {
        return map.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }
}
