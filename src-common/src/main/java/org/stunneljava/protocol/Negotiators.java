package org.stunneljava.protocol;

import org.stunneljava.config.ServiceConfig;

/** The negotiator a service's {@code protocol} calls for, in each mode. */
public final class Negotiators {
    private Negotiators() {
    }

    public static ServerNegotiator server(ServiceConfig service) {
        return switch (service.negotiation().kind()) {
            case NONE -> service.proxy().writeIp() ? new WriteIp() : ServerNegotiator.NONE;
            case PROXY -> service.proxy().version() == 2
                    ? new ProxyHeaderV2(service.tls().verification().verifies()) : new ProxyHeaderV1();
            case CONNECT -> new ConnectServer(service);
            case SOCKS -> new SocksServer(service);
            case HTTPS_PROXY -> new HttpsProxy(service);
            case SMTP -> new SmtpServer();
            case POP3 -> new Pop3Server();
            case IMAP -> new ImapServer();
            case PGSQL -> new PgsqlServer();
            default -> throw unchecked(service);
        };
    }

    public static ClientNegotiator client(ServiceConfig service) {
        return switch (service.negotiation().kind()) {
            case NONE -> ClientNegotiator.NONE;
            case CONNECT -> new ConnectClient(service.negotiation());
            case SMTP -> new SmtpClient(service.negotiation());
            case POP3 -> new Pop3Client();
            case IMAP -> new ImapClient();
            case NNTP -> new NntpClient();
            case LDAP -> new LdapClient();
            case PGSQL -> new PgsqlClient();
            default -> throw unchecked(service);
        };
    }

    // The configuration refuses what this build does not speak, so reaching here is a bug.
    private static IllegalStateException unchecked(ServiceConfig service) {
        return new IllegalStateException("protocol " + service.negotiation().kind() + " passed the configuration"
                + " checks of service [" + service.name() + "] but has no negotiator");
    }
}
