package org.stunneljava.config;

/**
 * {@code proxyVersion}, {@code acceptProxy} and {@code writeIP}: stunnel-java's PROXY protocol options (stunnel has
 * only {@code protocol = proxy}, version 1, sent). Checked after {@code protocol}, whose kind they depend on.
 */
final class ProxyProtocolOptions {
    static final String VERSION = "proxyVersion";
    static final String ACCEPT = "acceptProxy";
    static final String WRITE_IP = "writeIP";

    private int version = 1;
    private boolean versionSet;
    private boolean accept;
    private boolean writeIp;

    ProxyProtocolOptions copy() {
        ProxyProtocolOptions c = new ProxyProtocolOptions();
        c.version = version;
        c.versionSet = versionSet;
        c.accept = accept;
        c.writeIp = writeIp;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case VERSION -> {
                version = switch (value) {
                    case "1" -> 1;
                    case "2" -> 2;
                    default -> throw new OptionError("Invalid proxyVersion: 1 (a text line) or 2 (binary, with TLS"
                            + " details)");
                };
                versionSet = true;
            }
            case ACCEPT -> accept = Values.yesNo(value);
            case WRITE_IP -> writeIp = Values.yesNo(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** What the options need from the section: a proxy header to choose, a server to write stud's address. */
    void check(boolean client, NegotiationKind kind) throws OptionError {
        if (versionSet && kind != NegotiationKind.PROXY) {
            throw new OptionError("\"proxyVersion\" needs \"protocol = proxy\"");
        }
        if (writeIp && client) {
            throw new OptionError("\"writeIP\" is not supported in the client mode");
        }
        if (writeIp && kind != NegotiationKind.NONE) {
            throw new OptionError("\"writeIP\" cannot be combined with \"protocol = " + kind.stunnelName()
                    + "\": both write before the client's data");
        }
    }

    ProxyProtocol build() {
        return new ProxyProtocol(version, accept, writeIp);
    }
}
