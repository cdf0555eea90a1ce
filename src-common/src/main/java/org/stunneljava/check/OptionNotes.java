package org.stunneljava.check;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the migration check says of an option by its name alone: why a refused option is refused (not yet, or
 * never), why an accepted one has no effect, the differences that hold whatever the value, stunnel-java's own
 * extensions, and the notes that hold for every file. Whether an option is supported at all comes from the option
 * table ({@code config/OptionCatalog}); this class only adds the words. Value-decided verdicts are in
 * {@link ValueRules}. Sources: README.md (Compatibility, TLS options, Behaviour worth knowing) and the code.
 */
final class OptionNotes {
    private static final String ENGINE = "never: OpenSSL engines do not exist on the JVM; use key and certificate"
            + " files";
    private static final String PROVIDER = "never: OpenSSL providers do not exist on the JVM";
    private static final String RANDOM = "the JVM seeds its own random generator";
    private static final String WINDOWS = "a Windows GUI option";

    /** Refused options (status NOT_YET in the option table): why. A name not here is "not yet". */
    private static final Map<String, String> REFUSED = lowerKeys(Map.ofEntries(
            Map.entry("engine", ENGINE), Map.entry("engineCtrl", ENGINE), Map.entry("engineDefault", ENGINE),
            Map.entry("engineId", ENGINE), Map.entry("engineNum", ENGINE), Map.entry("CAengine", ENGINE),
            Map.entry("provider", PROVIDER), Map.entry("providerParameter", PROVIDER),
            Map.entry("fips", "never: FIPS mode needs Bouncy Castle's separately certified FIPS edition, which"
                    + " stunnel-java does not use"),
            Map.entry("config", "never: OpenSSL configuration commands have no Java equivalent"),
            Map.entry("CAstore", "never: an OpenSSL store URI; use CAfile or CApath"),
            Map.entry("compression", "never: TLS compression is insecure (CRIME) and Bouncy Castle has none"),
            Map.entry("chroot", "never: a JVM cannot run inside a chroot (its runtime files, native libraries and"
                    + " name service stay outside); use systemd's RootDirectory=/ProtectSystem= or a container"),
            Map.entry("log", "not yet: the output file is always appended to (stunnel's default)"),
            Map.entry("ident", "not yet: IDENT (RFC 1413) user checks"),
            Map.entry("libwrap", "not yet: TCP wrappers (/etc/hosts.allow, /etc/hosts.deny)"),
            Map.entry("service", "not yet: the TCP wrappers service name"),
            Map.entry("pty", "not yet: a pseudo-terminal for exec"),
            Map.entry("sessiond", "not yet: stunnel's external session cache"),
            Map.entry("setEnv", "not yet (a stunnel 5.75 option)")));

    /** Accepted options that do nothing on the JVM (status NO_EFFECT in the option table): why. */
    private static final Map<String, String> NO_EFFECT = lowerKeys(Map.ofEntries(
            Map.entry("RNDbytes", RANDOM), Map.entry("RNDfile", RANDOM), Map.entry("RNDoverwrite", RANDOM),
            Map.entry("EGD", RANDOM),
            Map.entry("iconActive", WINDOWS), Map.entry("iconError", WINDOWS), Map.entry("iconIdle", WINDOWS),
            Map.entry("taskbar", WINDOWS),
            Map.entry("stack", "virtual threads size their own stacks"),
            Map.entry("retry", "it only acts on exec+connect services, which stunnel-java does not run")));

    /** Differences whatever the value (value-decided ones are in {@link ValueRules}). */
    private static final Map<String, String> DIFFERENCES = lowerKeys(Map.ofEntries(
            Map.entry("ticketKeySecret", ValueRules.TICKETS),
            Map.entry("ticketMacSecret", ValueRules.TICKETS),
            Map.entry("setuid", ValueRules.IDENTITY),
            Map.entry("setgid", ValueRules.IDENTITY)));

    /** stunnel-java's own options (README: Extensions); stunnel refuses them. */
    private static final Set<String> EXTENSIONS = lower(Set.of("keyPasswordFile", "keyPasswordEnv",
            "transparentAllow", "transparentExtension", "proxyVersion", "acceptProxy", "writeIP", "protocolAllow",
            "maxClients", "reloadInterval", "reloadOnChange", "TIMEOUTdrain", "status", "logFormat"));

    /** Said once for every file: what differs whatever it holds. */
    static final List<String> GENERAL = List.of(
            "SIGHUP reloads as a transaction: a file, key or port that fails keeps the running configuration, and an"
                    + " accept address that stays keeps its socket (stunnel re-binds every listener); SIGUSR1 and"
                    + " SIGUSR2 act as in stunnel",
            "SIGQUIT prints a JVM thread dump and does not terminate (the JVM keeps that signal); stop the programs"
                    + " with SIGTERM or SIGINT",
            "TLS 1.3 sessions are never resumed (Bouncy Castle 1.84 has no TLS 1.3 resumption): each TLS 1.3"
                    + " connection makes a full handshake; TLS 1.2 sessions resume as in stunnel");

    /** The options that name files stunnel-java reads at start-up, which the check does not open. */
    static final List<String> FILE_OPTIONS = List.of("cert", "key", "CAfile", "CApath", "CRLfile", "CRLpath");

    private OptionNotes() {
    }

    static String refused(String option) {
        return REFUSED.getOrDefault(option.toLowerCase(Locale.ROOT), "not yet");
    }

    static String noEffect(String option) {
        return "accepted, no effect: " + NO_EFFECT.getOrDefault(option.toLowerCase(Locale.ROOT),
                "nothing to do on the JVM");
    }

    static Optional<String> difference(String option) {
        return Optional.ofNullable(DIFFERENCES.get(option.toLowerCase(Locale.ROOT)));
    }

    static boolean extension(String option) {
        return EXTENSIONS.contains(option.toLowerCase(Locale.ROOT));
    }

    /** For the tests: the names with a reason for being refused, for having no effect, and the extensions. */
    static Set<String> refusedNames() {
        return REFUSED.keySet();
    }

    static Set<String> noEffectNames() {
        return NO_EFFECT.keySet();
    }

    static Set<String> extensionNames() {
        return EXTENSIONS;
    }

    private static Map<String, String> lowerKeys(Map<String, String> map) {
        return map.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
