package org.stunneljava.server;

import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.stunneljava.testkit.LinePeer;
import org.stunneljava.testkit.NegotiationScenario;

/**
 * The server-mode negotiation scenarios of {@link StarttlsServerTest}, after the research transcripts of stunnel
 * 5.68 (t_smtps.py, t_misc.py). The local end is the mail (or database) client: plaintext, then TLS; the remote
 * end is the backend, which the smtp, pop3 and imap servers connect before anything else.
 */
final class ServerScenarios {
    private ServerScenarios() {
    }

    /** A scenario that needs the client's TLS context. */
    interface Scenario extends Function<SSLContext, NegotiationScenario> {
    }

    private static final String RESET = "LOG5: Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket";
    private static final String CLOSED = "LOG5: Connection closed: 0 byte(s) sent to TLS, 0 byte(s) sent to socket";
    private static final String POSTFIX = "220 backend.example ESMTP Postfix (Debian)";

    static List<Scenario> smtp() {
        return List.of(
                tls -> NegotiationScenario.named("smtp: our greeting from the backend's, EHLO, STARTTLS, relay")
                        .options("protocol = smtp")
                        .local(p -> {
                            p.line().send("EHLO client.test").lines(2);
                            p.send("STARTTLS").line().tlsClient(tls);
                            p.send("EHLO c2").lines(2).finish();
                        }, "220 backend.example stunnel for ESMTP Postfix (Debian)", "250-backend.example",
                                "250 STARTTLS", "220 Go ahead", "<TLS>", "250-backend.example", "250 SIZE 1000",
                                "<EOF>")
                        .remote(p -> p.send(POSTFIX).line().send("250-backend.example", "250 SIZE 1000").rest(),
                                "EHLO c2", "<EOF>")
                        .log("LOG7: RFC 2487 detected", "LOG7:  <- " + POSTFIX,
                                "LOG7:  -> 220 backend.example stunnel for ESMTP Postfix (Debian)",
                                "LOG7:  <- EHLO client.test", "LOG7:  -> 250-backend.example",
                                "LOG7:  -> 250 STARTTLS", "LOG7:  <- STARTTLS", "LOG7:  -> 220 Go ahead",
                                closed(36, 9)),
                tls -> NegotiationScenario.named("smtp: a multi-line greeting, lower-case commands")
                        .options("protocol = smtp")
                        .local(p -> {
                            p.lines(3).send("ehlo client.test").lines(2);
                            p.send("starttls").line().tlsClient(tls);
                            p.send("EHLO c2").line().finish();
                        }, "220-backend.example stunnel for first", "220-more text", "220 last",
                                "250-backend.example", "250 STARTTLS", "220 Go ahead", "<TLS>", "250 ok", "<EOF>")
                        .remote(p -> p.send("220-backend.example first", "220-more text", "220 last").line()
                                .send("250 ok").rest(), "EHLO c2", "<EOF>")
                        .log("LOG7: RFC 2487 detected", "LOG7:  <- 220-backend.example first",
                                "LOG7:  -> 220-backend.example stunnel for first", "LOG7:  <- 220-more text",
                                "LOG7:  -> 220-more text", "LOG7:  <- 220 last", "LOG7:  -> 220 last",
                                "LOG7:  <- ehlo client.test", "LOG7:  -> 250-backend.example",
                                "LOG7:  -> 250 STARTTLS", "LOG7:  <- starttls", "LOG7:  -> 220 Go ahead",
                                closed(8, 9)),
                tls -> NegotiationScenario.named("smtp: a greeting with only the domain")
                        .options("protocol = smtp")
                        .local(p -> p.line().send("EHLO x").lines(2).send("STARTTLS").line().tlsClient(tls)
                                .finish(), "220 backend.example stunnel", "250-backend.example", "250 STARTTLS",
                                "220 Go ahead", "<TLS>", "<EOF>")
                        .remote(p -> p.send("220 backend.example").rest(), "<EOF>")
                        .log("LOG7: RFC 2487 detected", "LOG7:  <- 220 backend.example",
                                "LOG7:  -> 220 backend.example stunnel", "LOG7:  <- EHLO x",
                                "LOG7:  -> 250-backend.example", "LOG7:  -> 250 STARTTLS", "LOG7:  <- STARTTLS",
                                "LOG7:  -> 220 Go ahead", CLOSED),
                tls -> NegotiationScenario.named("smtp: a 554 greeting resets both ends")
                        .options("protocol = smtp")
                        .local(LinePeer::rest, "<RST>")
                        .remote(p -> p.send("554 go away").rest(), "<RST>")
                        .log("LOG7: RFC 2487 detected", "LOG7:  <- 554 go away", "LOG3: Unknown server welcome",
                                RESET),
                tls -> NegotiationScenario.named("smtp: HELO is refused")
                        .options("protocol = smtp")
                        .local(p -> p.line().send("HELO client.test").rest(),
                                "220 backend.example stunnel for ESMTP Postfix (Debian)", "<RST>")
                        .remote(p -> p.send(POSTFIX).rest(), "<RST>")
                        .log("LOG7: RFC 2487 detected", "LOG7:  <- " + POSTFIX,
                                "LOG7:  -> 220 backend.example stunnel for ESMTP Postfix (Debian)",
                                "LOG7:  <- HELO client.test", "LOG3: Unknown client EHLO", RESET),
                tls -> NegotiationScenario.named("smtp: MAIL before STARTTLS is refused")
                        .options("protocol = smtp")
                        .local(p -> p.line().send("EHLO x").lines(2).send("MAIL FROM:<a@b>").rest(),
                                "220 backend.example stunnel for ESMTP Postfix (Debian)", "250-backend.example",
                                "250 STARTTLS", "<RST>")
                        .remote(p -> p.send(POSTFIX).rest(), "<RST>")
                        .log("LOG7: RFC 2487 detected", "LOG7:  <- " + POSTFIX,
                                "LOG7:  -> 220 backend.example stunnel for ESMTP Postfix (Debian)",
                                "LOG7:  <- EHLO x", "LOG7:  -> 250-backend.example", "LOG7:  -> 250 STARTTLS",
                                "LOG7:  <- MAIL FROM:<a@b>", "LOG3: STARTTLS expected", RESET),
                tls -> NegotiationScenario.named("smtp: a client that starts with TLS gets implicit TLS")
                        .options("protocol = smtp")
                        .local(p -> p.tlsClient(tls).line().send("EHLO c2").line().finish(),
                                "<TLS>", POSTFIX, "250 ok", "<EOF>")
                        .remote(p -> p.send(POSTFIX).line().send("250 ok").rest(), "EHLO c2", "<EOF>")
                        .log("LOG7: RFC 2487 not detected", closed(52, 9)),
                tls -> NegotiationScenario.named("smtp: a backend that never greets meets TIMEOUTbusy")
                        .options("protocol = smtp\nTIMEOUTbusy = 1")
                        .local(LinePeer::rest, "<RST>")
                        .remote(LinePeer::rest, "<RST>")
                        .log("LOG7: RFC 2487 detected",
                                "LOG6: s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset", RESET));
    }

    static List<Scenario> pop3() {
        return List.of(
                tls -> NegotiationScenario.named("pop3: CAPA lists STLS, STLS, then relay")
                        .options("protocol = pop3")
                        .local(p -> {
                            p.line().send("CAPA").lines(3).send("STLS").line().tlsClient(tls);
                            p.send("USER bob").line().finish();
                        }, "+OK backend POP3 ready <1@x> + stunnel", "+OK Stunnel capability list follows", "STLS",
                                ".", "+OK Stunnel starts TLS negotiation", "<TLS>", "+OK hi bob", "<EOF>")
                        .remote(p -> p.send("+OK backend POP3 ready <1@x>").line().send("+OK hi bob").rest(),
                                "USER bob", "<EOF>")
                        .log("LOG7:  <- +OK backend POP3 ready <1@x>",
                                "LOG7:  -> +OK backend POP3 ready <1@x> + stunnel", "LOG7:  <- CAPA",
                                "LOG7:  -> +OK Stunnel capability list follows", "LOG7:  -> STLS", "LOG7:  -> .",
                                "LOG7:  <- STLS", "LOG7:  -> +OK Stunnel starts TLS negotiation", closed(12, 10)),
                tls -> NegotiationScenario.named("pop3: USER before STLS is refused; any greeting is passed on")
                        .options("protocol = pop3")
                        .local(p -> p.line().send("USER bob").rest(), "-ERR busy + stunnel", "<RST>")
                        .remote(p -> p.send("-ERR busy").rest(), "<RST>")
                        .log("LOG7:  <- -ERR busy", "LOG7:  -> -ERR busy + stunnel", "LOG7:  <- USER bob",
                                "LOG3: Client does not want TLS", RESET));
    }

    static List<Scenario> imap() {
        return List.of(
                tls -> NegotiationScenario.named("imap: KAPABILITY greeting, CAPABILITY forwarded, STARTTLS, relay")
                        .options("protocol = imap")
                        .local(p -> {
                            p.line().send("a1 CAPABILITY").lines(2).send("a2 STARTTLS").line().tlsClient(tls);
                            p.send("a3 LOGIN u p").line().finish();
                        }, "* OK [KAPABILITY IMAP4rev1 LOGINDISABLED] backend ready (stunnel)",
                                "* CAPABILITY IMAP4rev1 AUTH=PLAIN STARTTLS", "a1 OK done",
                                "a2 OK Begin TLS negotiation now", "<TLS>", "a3 OK welcome", "<EOF>")
                        .remote(p -> p.send("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] backend ready").line()
                                .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN", "a1 OK done").line()
                                .send("a3 OK welcome").rest(), "a1 CAPABILITY", "a3 LOGIN u p", "<EOF>")
                        .log("LOG7: RFC 2595 detected",
                                "LOG7:  <- * OK [CAPABILITY IMAP4rev1 LOGINDISABLED] backend ready",
                                "LOG7:  -> * OK [KAPABILITY IMAP4rev1 LOGINDISABLED] backend ready (stunnel)",
                                "LOG7:  <- a1 CAPABILITY", "LOG7:  -> a1 CAPABILITY",
                                "LOG7:  <- * CAPABILITY IMAP4rev1 AUTH=PLAIN",
                                "LOG7:  -> * CAPABILITY IMAP4rev1 AUTH=PLAIN STARTTLS", "LOG7:  <- a1 OK done",
                                "LOG7:  -> a1 OK done", "LOG7:  <- a2 STARTTLS",
                                "LOG7:  -> a2 OK Begin TLS negotiation now", closed(15, 14)),
                tls -> NegotiationScenario.named("imap: LOGOUT before TLS logs the backend out and closes")
                        .options("protocol = imap")
                        .local(p -> p.line().send("a1 LOGOUT").rest(), "* OK ready (stunnel)",
                                "* BYE server terminating", "a1 OK LOGOUT completed", "<EOF>")
                        .remote(p -> p.send("* OK ready").line().send("* BYE", "stunnel OK").rest(),
                                "stunnel LOGOUT", "<EOF>")
                        .log("LOG7: RFC 2595 detected", "LOG7:  <- * OK ready", "LOG7:  -> * OK ready (stunnel)",
                                "LOG7:  <- a1 LOGOUT", "LOG7:  -> * BYE server terminating",
                                "LOG7:  -> a1 OK LOGOUT completed", "LOG7:  -> stunnel LOGOUT", "LOG7:  <- * BYE",
                                "LOG7:  <- stunnel OK", CLOSED),
                tls -> NegotiationScenario.named("imap: LOGIN before TLS is an unexpected command")
                        .options("protocol = imap")
                        .local(p -> p.line().send("a1 LOGIN u p").rest(), "* OK ready (stunnel)",
                                "* BYE stunnel: unexpected command", "a1 BAD LOGIN u p unexpected", "<EOF>")
                        .remote(p -> p.send("* OK ready").line().send("stunnel OK").rest(), "stunnel LOGOUT",
                                "<EOF>")
                        .log("LOG7: RFC 2595 detected", "LOG7:  <- * OK ready", "LOG7:  -> * OK ready (stunnel)",
                                "LOG7:  <- a1 LOGIN u p", "LOG7:  -> * BYE stunnel: unexpected command",
                                "LOG7:  -> a1 BAD LOGIN u p unexpected", "LOG3: Unexpected client command LOGIN u p",
                                "LOG7:  -> stunnel LOGOUT", "LOG7:  <- stunnel OK", CLOSED),
                tls -> NegotiationScenario.named("imap: a CAPABILITY the backend refuses ends the session")
                        .options("protocol = imap")
                        .local(p -> p.line().send("a1 capability").rest(),
                                "* OK [Kapability imap4rev1] hi (stunnel)", "* CAPABILITY IMAP4rev1 STARTTLS",
                                "a1 NO nope", "* BYE unexpected server response", "<EOF>")
                        .remote(p -> p.send("* OK [capability imap4rev1] hi").line()
                                .send("* CAPABILITY IMAP4rev1", "a1 NO nope").line().send("stunnel OK").rest(),
                                "a1 capability", "stunnel LOGOUT", "<EOF>")
                        .log("LOG7: RFC 2595 detected", "LOG7:  <- * OK [capability imap4rev1] hi",
                                "LOG7:  -> * OK [Kapability imap4rev1] hi (stunnel)", "LOG7:  <- a1 capability",
                                "LOG7:  -> a1 capability", "LOG7:  <- * CAPABILITY IMAP4rev1",
                                "LOG7:  -> * CAPABILITY IMAP4rev1 STARTTLS", "LOG7:  <- a1 NO nope",
                                "LOG7:  -> a1 NO nope", "LOG7:  -> * BYE unexpected server response",
                                "LOG3: Unexpected server response: a1 NO nope", "LOG7:  -> stunnel LOGOUT",
                                "LOG7:  <- stunnel OK", CLOSED),
                tls -> NegotiationScenario.named("imap: a line without a tag ends the session without a word")
                        .options("protocol = imap")
                        .local(p -> p.line().send("NOOP").rest(), "* OK ready (stunnel)", "<EOF>")
                        .remote(p -> p.send("* OK ready").line().send("stunnel OK").rest(), "stunnel LOGOUT",
                                "<EOF>")
                        .log("LOG7: RFC 2595 detected", "LOG7:  <- * OK ready", "LOG7:  -> * OK ready (stunnel)",
                                "LOG7:  <- NOOP", "LOG7:  -> stunnel LOGOUT", "LOG7:  <- stunnel OK", CLOSED),
                tls -> NegotiationScenario.named("imap: a client that starts with TLS gets implicit TLS")
                        .options("protocol = imap")
                        .local(p -> p.tlsClient(tls).line().send("a1 NOOP").line().finish(),
                                "<TLS>", "* OK ready", "a1 OK", "<EOF>")
                        .remote(p -> p.send("* OK ready").line().send("a1 OK").rest(), "a1 NOOP", "<EOF>")
                        .log("LOG7: RFC 2595 not detected", closed(19, 9)),
                tls -> NegotiationScenario.named("imap: a BYE greeting")
                        .options("protocol = imap")
                        .local(LinePeer::rest, "<RST>")
                        .remote(p -> p.send("* BYE busy").rest(), "<RST>")
                        .log("LOG7: RFC 2595 detected", "LOG7:  <- * BYE busy", "LOG3: Unknown server welcome",
                                RESET));
    }

    static List<Scenario> pgsql() {
        return List.of(
                tls -> NegotiationScenario.named("pgsql: SSLRequest answered S, TLS, then the backend")
                        .options("protocol = pgsql")
                        .local(p -> {
                            p.sendHex("0000000804d2162f").bytes(1);
                            p.tlsClient(tls).send("startup").line().finish();
                        }, "53", "<TLS>", "R ok", "<EOF>")
                        .remote(p -> p.line().send("R ok").rest(), "startup", "<EOF>")
                        .log("LOG7: Started server-side psql protocol negotiation", "LOG7: SSLRequest received",
                                closed(6, 9)),
                tls -> NegotiationScenario.named("pgsql: GSSENCRequest refused with an ErrorResponse, closed")
                        .options("protocol = pgsql")
                        .local(p -> {
                            p.sendHex("0000000804d21630").bytes(62);
                            p.rest();
                        }, "450000003d534552524f520043585830303000" + "4d"
                                + java.util.HexFormat.of().formatHex("SSL expected but not requested by client"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "0000", "<EOF>")
                        .noRemote()
                        .log("LOG7: Started server-side psql protocol negotiation",
                                "LOG6: GSSAPI encryption requested, rejecting gracefully", CLOSED),
                tls -> NegotiationScenario.named("pgsql: a startup message without SSLRequest is reset")
                        .options("protocol = pgsql")
                        .local(p -> p.sendHex("0000000800030000").rest(), "<RST>")
                        .noRemote()
                        .log("LOG7: Started server-side psql protocol negotiation",
                                "LOG3: PostgreSQL client did not request TLS, rejecting", RESET),
                tls -> NegotiationScenario.named("pgsql: a silent client meets TIMEOUTbusy")
                        .options("protocol = pgsql\nTIMEOUTbusy = 1")
                        .local(LinePeer::rest, "<RST>")
                        .noRemote()
                        .log("LOG7: Started server-side psql protocol negotiation",
                                "LOG6: s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset", RESET),
                tls -> NegotiationScenario.named("pgsql: a client that hangs up mid-request")
                        .options("protocol = pgsql")
                        .local(p -> p.sendHex("00000008").finish(), "<RST>")
                        .noRemote()
                        .log("LOG7: Started server-side psql protocol negotiation",
                                "LOG3: s_read: Unexpected socket close", RESET));
    }

    private static String closed(int toTls, int toSocket) {
        return "LOG5: Connection closed: " + toTls + " byte(s) sent to TLS, " + toSocket + " byte(s) sent to socket";
    }
}
