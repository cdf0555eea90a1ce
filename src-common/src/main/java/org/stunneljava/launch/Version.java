package org.stunneljava.launch;

import org.bouncycastle.tls.TlsServerProtocol;

/** The {@code -version} and {@code -help} texts and the usage line. */
final class Version {
    private Version() {
    }

    static String number() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String banner(String mode) {
        Package bc = TlsServerProtocol.class.getPackage();
        String bcVersion = bc.getImplementationVersion() == null ? "unknown" : bc.getImplementationVersion();
        return "stunnel-java " + number() + " (" + mode + " mode) on Java " + Runtime.version()
                + ", Bouncy Castle TLS " + bcVersion + "\n"
                + "Compatible with stunnel 5.x configuration files; TLS 1.2 and 1.3";
    }

    static String usage(String mode) {
        return "Usage: stunnel-java-" + mode + " [CONF | -check CONF | -version | -help]";
    }

    static String help(String mode) {
        return banner(mode) + "\n\n" + usage(mode) + "\n\n"
                + "  CONF         stunnel configuration file (default " + Arguments.DEFAULT_CONFIG + ")\n"
                + "  -check CONF  say, option by option, whether stunnel-java runs CONF as stunnel does\n"
                + "               (both modes); exit 0 if it will run as it is, 1 otherwise\n"
                + "  -version     print version information and exit\n"
                + "  -help        print this help and exit\n\n"
                + "This program runs the services of CONF with client = "
                + (mode.equals("server") ? "no" : "yes") + " and leaves the others to stunnel-java-"
                + (mode.equals("server") ? "client" : "server") + ".\n"
                + "Options are stunnel's (man stunnel); see README.md for what is supported.";
    }
}
