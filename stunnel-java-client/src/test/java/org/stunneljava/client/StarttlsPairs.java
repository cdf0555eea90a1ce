package org.stunneljava.client;

import java.nio.file.Path;
import java.util.List;
import org.stunneljava.testkit.NegotiationScenario;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.testkit.TunnelUnderTest;

/**
 * smtp, pop3 and imap between a client tunnel and a server tunnel, each side ours (in the test's JVM or the built
 * program) or stunnel 5.68: a plaintext mail client in front, a scripted mail server behind. The client tunnel
 * reads the server tunnel's greeting before it speaks, so the smtp and imap servers' 200 ms sniff sees a STARTTLS
 * client. The client verifies the server's certificate. The expectations are the same whichever side is whose.
 *
 * @param dir where the configuration files go
 * @param pki the server's certificate and the client's CA
 */
record StarttlsPairs(Path dir, TestPki pki) {
    /** Ours in this JVM, the real stunnel, or our built program. */
    enum Side { OURS, STUNNEL, PROGRAM }

    void run(Side client, Side server, NegotiationScenario scenario) throws Exception {
        scenario.runThrough(backendPort -> {
            TunnelUnderTest s = tunnel(server, "ps", """
                    [ps]
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%d
                    cert = %s
                    """.formatted(backendPort, pki.serverPem()) + scenario.options() + "\n");
            try {
                return TunnelUnderTest.pair(tunnel(client, "pc", """
                        [pc]
                        client = yes
                        accept = 127.0.0.1:0
                        connect = 127.0.0.1:%d
                        verifyChain = yes
                        CAfile = %s
                        checkHost = localhost
                        """.formatted(s.port(), pki.caPem()) + scenario.options() + "\n"), s);
            } catch (Exception | AssertionError e) {
                s.close();
                throw e;
            }
        });
    }

    private TunnelUnderTest tunnel(Side side, String name, String section) throws Exception {
        if (side == Side.STUNNEL) {
            return TunnelUnderTest.stunnel(dir, name, section);
        }
        if (side == Side.PROGRAM) {
            return TunnelUnderTest.program(name.equals("pc") ? Programs.Mode.CLIENT : Programs.Mode.SERVER, dir,
                    name, section);
        }
        var config = ServiceConfigs.load(dir, name, section);
        return TunnelUnderTest.ours(config.client() ? Tunnels.client(config) : Tunnels.server(config));
    }

    private static final String SNI = "LOG6: SNI: sending servername: 127.0.0.1";

    private static String closed(int toTls, int toSocket) {
        return "LOG5: Connection closed: " + toTls + " byte(s) sent to TLS, " + toSocket + " byte(s) sent to socket";
    }

    /** The same expectations whichever side is ours: the client tunnel's lines, then the server tunnel's. */
    static List<NegotiationScenario> scenarios() {
        String greeting = "220 backend.example stunnel for ESMTP Postfix (Debian)";
        return List.of(
                NegotiationScenario.named("smtp")
                        .options("protocol = smtp")
                        .local(p -> p.line().send("EHLO me").lines(2).finish(),
                                greeting, "250-backend.example", "250 SIZE 1000", "<EOF>")
                        .remote(p -> p.send("220 backend.example ESMTP Postfix (Debian)").line()
                                .send("250-backend.example", "250 SIZE 1000").rest(), "EHLO me", "<EOF>")
                        .log("LOG7:  <- " + greeting, "LOG7:  -> " + greeting, "LOG7:  -> EHLO localhost",
                                "LOG7:  <- 250-backend.example", "LOG7:  <- 250 STARTTLS", "LOG7:  -> STARTTLS",
                                "LOG7:  <- 220 Go ahead", SNI, closed(9, 36),
                                "LOG7: RFC 2487 detected",
                                "LOG7:  <- 220 backend.example ESMTP Postfix (Debian)", "LOG7:  -> " + greeting,
                                "LOG7:  <- EHLO localhost", "LOG7:  -> 250-backend.example",
                                "LOG7:  -> 250 STARTTLS", "LOG7:  <- STARTTLS", "LOG7:  -> 220 Go ahead",
                                closed(36, 9)),
                NegotiationScenario.named("pop3")
                        .options("protocol = pop3")
                        .local(p -> p.line().send("USER bob").line().finish(),
                                "+OK backend ready + stunnel", "+OK hi bob", "<EOF>")
                        .remote(p -> p.send("+OK backend ready").line().send("+OK hi bob").rest(),
                                "USER bob", "<EOF>")
                        .log("LOG7:  <- +OK backend ready + stunnel", "LOG7:  -> +OK backend ready + stunnel",
                                "LOG7:  -> STLS", "LOG7:  <- +OK Stunnel starts TLS negotiation", SNI,
                                closed(10, 12),
                                "LOG7:  <- +OK backend ready", "LOG7:  -> +OK backend ready + stunnel",
                                "LOG7:  <- STLS", "LOG7:  -> +OK Stunnel starts TLS negotiation",
                                closed(12, 10)),
                NegotiationScenario.named("imap")
                        .options("protocol = imap")
                        .local(p -> p.line().send("a1 LOGIN u p").line().finish(),
                                "* OK Connected.", "a1 OK LOGIN completed", "<EOF>")
                        .remote(p -> p.send("* OK [CAPABILITY IMAP4rev1] ready").line()
                                .send("a1 OK LOGIN completed").rest(), "a1 LOGIN u p", "<EOF>")
                        .log("LOG7:  <- * OK [KAPABILITY IMAP4rev1] ready (stunnel)",
                                "LOG7:  -> * OK Connected.", "LOG7:  -> stunnel STARTTLS",
                                "LOG7:  <- stunnel OK Begin TLS negotiation now", SNI, closed(14, 23),
                                "LOG7: RFC 2595 detected", "LOG7:  <- * OK [CAPABILITY IMAP4rev1] ready",
                                "LOG7:  -> * OK [KAPABILITY IMAP4rev1] ready (stunnel)",
                                "LOG7:  <- stunnel STARTTLS", "LOG7:  -> stunnel OK Begin TLS negotiation now",
                                closed(23, 14)));
    }
}
