package org.stunneljava.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every option name stunnel knows (5.68, plus the few 5.69-5.75 added), with its scope and what stunnel-java does
 * with it, and stunnel-java's own extensions. Lookup is case-insensitive, as stunnel's {@code strcasecmp}. A name
 * that is not here is no option: {@code Specified option name is not valid here}. A known option stunnel-java does not implement yet is an
 * error that says so (DESIGN.md section 3: never silently ignored).
 */
final class OptionCatalog {

    /** GLOBAL options are accepted only before the first section; SERVICE options anywhere. */
    enum Scope { GLOBAL, SERVICE }

    enum Support {
        /** Validated into the records. */
        SUPPORTED,
        /** Accepted (value checked as stunnel does) with one notice: nothing to do on the JVM. */
        NO_EFFECT,
        /** A real stunnel option not implemented yet: a configuration error naming it. */
        NOT_YET
    }

    /** @param name stunnel's spelling, used in messages and as the key of the records' origin maps */
    record Entry(String name, Scope scope, Support support) {
    }

    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    static {
        global(Support.SUPPORTED, "foreground", "pid", "output", "syslog");
        // PRNG seeding and the Windows GUI: the JVM seeds itself and has no tray icon.
        global(Support.NO_EFFECT, "RNDbytes", "RNDfile", "RNDoverwrite", "EGD",
                "iconActive", "iconError", "iconIdle", "taskbar");
        // chroot cannot work for a JVM: refused with the reason (see REFUSALS)
        global(Support.NOT_YET, "chroot", "compression", "engine", "engineCtrl", "engineDefault", "fips", "log",
                // 5.75 only
                "provider", "providerParameter", "setEnv");

        service(Support.SUPPORTED, "accept", "connect", "client", "cert", "key", "CAfile", "verify", "verifyChain",
                "verifyPeer", "requireCert", "checkHost", "checkIP", "sni", "sslVersion", "sslVersionMin",
                "sslVersionMax", "TIMEOUTbusy", "TIMEOUTconnect", "TIMEOUTidle", "TIMEOUTclose", "delay",
                "failover", "debug", "include", "ciphers", "ciphersuites", "curves", "options", "securityLevel",
                "renegotiation");
        service(Support.SUPPORTED, "sessionCacheSize", "sessionCacheTimeout", "sessionResume", "ticketKeySecret",
                "ticketMacSecret");
        service(Support.SUPPORTED, "redirect");
        service(Support.SUPPORTED, "OCSP", "OCSPaia", "OCSPflag", "OCSPnonce",
                // 5.71-5.75 only
                "OCSPrequire", "TIMEOUTocsp");
        service(Support.SUPPORTED, "PSKsecrets", "PSKidentity");
        service(Support.SUPPORTED, "CApath", "checkEmail", "CRLfile", "CRLpath");
        // stunnel's modes and our gateway (issue 4)
        service(Support.SUPPORTED, "transparent");
        // protocols stunnel-java does not speak are refused by name at the end of the section (issue 5)
        service(Support.SUPPORTED, "exec", "execArgs");
        service(Support.SUPPORTED, "protocol", "protocolAuthentication", "protocolDomain", "protocolHeader",
                "protocolHost", "protocolPassword", "protocolUsername");
        service(Support.SUPPORTED, "socket", "local");
        // the process drops to the global section's values; each section's own set its unix accept sockets' owner
        service(Support.SUPPORTED, "setuid", "setgid");
        service(Support.NO_EFFECT, "stack");
        // retry only acts on exec+connect sections (stunnel's client.c), which are refused, so no section we run
        // can use it: its value is checked (stunnel 5.75's yes/no/milliseconds) and it is noticed.
        service(Support.NO_EFFECT, "retry");
        service(Support.NOT_YET, "CAengine", "config", "engineId", "engineNum", "ident",
                "libwrap", "logId", "pty", "reset", "service", "sessiond",
                // 5.71-5.75 only
                "CAstore");
        // stunnel-java extensions (listed in the README): not stunnel options, so stunnel rejects them.
        service(Support.SUPPORTED, KeyPasswordOptions.FILE, KeyPasswordOptions.ENV);
        service(Support.SUPPORTED, TransparentOptions.ALLOW, TransparentOptions.EXTENSION);
        service(Support.SUPPORTED, ProxyProtocolOptions.VERSION, ProxyProtocolOptions.ACCEPT,
                ProxyProtocolOptions.WRITE_IP);
        // where the socks, connect and https-proxy servers may connect (issue 5)
        service(Support.SUPPORTED, org.stunneljava.destination.DestinationRule.OPTION);
        // in the global section the process's limit, in a section the service's own cap (see ConnectionFamily)
        service(Support.SUPPORTED, ConnectionFamily.MAX_CLIENTS);
        // reloads and the end of the program (issue 6)
        global(Support.SUPPORTED, ProcessControlOptions.RELOAD_INTERVAL, ProcessControlOptions.RELOAD_ON_CHANGE,
                ProcessControlOptions.DRAIN);
        // the status and metrics endpoint and JSON log lines (issue 6)
        global(Support.SUPPORTED, StatusAddress.OPTION, "logFormat");
        alias("curve", "curves");
        alias("session", "sessionCacheTimeout");
    }

    /**
     * Why a NOT_YET option can never work in stunnel-java, where "not supported yet" would mislead: the error says
     * what to use instead.
     */
    private static final Map<String, String> REFUSALS = Map.of("chroot", "Option \"chroot\" is not supported:"
            + " a JVM keeps reading its own installation after start-up (classes, native libraries such as libextnet,"
            + " time-zone data, the process spawn helper) and the system's resolver files, which a chroot directory"
            + " hides, so it would fail later at random; confine the process with systemd instead (RootDirectory=,"
            + " ProtectSystem=strict, TemporaryFileSystem=, BindReadOnlyPaths=: see conf/stunnel-java-server.service)"
            + " or run it in a container");

    private OptionCatalog() {
    }

    /** The reason a known option is refused for good, if it is one of those. */
    static Optional<String> refusal(String name) {
        return Optional.ofNullable(REFUSALS.get(name));
    }

    static Optional<Entry> find(String name) {
        return Optional.ofNullable(ENTRIES.get(name.toLowerCase(Locale.ROOT)));
    }

    private static void global(Support support, String... names) {
        add(Scope.GLOBAL, support, names);
    }

    private static void service(Support support, String... names) {
        add(Scope.SERVICE, support, names);
    }

    private static void add(Scope scope, Support support, String... names) {
        for (String name : names) {
            ENTRIES.put(name.toLowerCase(Locale.ROOT), new Entry(name, scope, support));
        }
    }

    private static void alias(String alias, String target) {
        ENTRIES.put(alias.toLowerCase(Locale.ROOT), ENTRIES.get(target.toLowerCase(Locale.ROOT)));
    }
}
