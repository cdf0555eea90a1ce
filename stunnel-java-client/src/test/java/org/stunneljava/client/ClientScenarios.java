package org.stunneljava.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.stunneljava.testkit.LinePeer;
import org.stunneljava.testkit.NegotiationScenario;

/**
 * The client-mode negotiation scenarios of {@link StarttlsClientTest}, after the research transcripts of stunnel
 * 5.68 (t_smtpc.py, t_misc.py). The local client reads what the tunnel shows it, sends one line that goes through
 * TLS, reads the answer and half-closes; the scripted server speaks the protocol, then TLS with the JDK's stack.
 */
final class ClientScenarios {
    private ClientScenarios() {
    }

    /** A scenario that needs the scripted server's TLS context. */
    interface Scenario extends Function<SSLContext, NegotiationScenario> {
    }

    private static final String SNI = "LOG6: SNI: sending servername: 127.0.0.1";
    private static final String RESET = "LOG5: Connection reset: 0 byte(s) sent to TLS, 0 byte(s) sent to socket";
    private static final String[] GREETING = {
            "220-mx.example ESMTP first line", "220-second", "220 mx.example ready"};
    private static final String[] EHLO_REPLY = {"250-mx.example hello", "250-PIPELINING", "250 STARTTLS"};
    private static final String LDAP_REQUEST = "301d02010177188016" + hex("1.3.6.1.4.1.1466.20037");

    static List<Scenario> smtp() {
        return List.of(
                tls -> NegotiationScenario.named("smtp: greeting copied, EHLO localhost, STARTTLS, then relay")
                        .options("protocol = smtp")
                        .local(relaying(3, "EHLO local-client"), concat(GREETING, "250 after", "<EOF>"))
                        .remote(smtpServer(tls, "220 2.0.0 Ready to start TLS", p -> { }),
                                "EHLO localhost", "STARTTLS", "<TLS SNI 127.0.0.1>", "EHLO local-client", "<EOF>")
                        .log(concat(smtpDialogue("localhost", "220 2.0.0 Ready to start TLS"), SNI,
                                closed(19, 11))),
                tls -> NegotiationScenario.named("smtp: a multi-line 220 answer to STARTTLS")
                        .options("protocol = smtp")
                        .local(relaying(1, "EHLO local-client"), "220 hi", "250 after", "<EOF>")
                        .remote(p -> {
                            p.send("220 hi").line();
                            p.send("250 ok").line();
                            p.send("220-wait", "220 go").tlsServer(tls).line();
                            p.send("250 after").rest();
                        }, "EHLO localhost", "STARTTLS", "<TLS SNI 127.0.0.1>", "EHLO local-client", "<EOF>")
                        .log("LOG7:  <- 220 hi", "LOG7:  -> 220 hi", "LOG7:  -> EHLO localhost", "LOG7:  <- 250 ok",
                                "LOG7:  -> STARTTLS", "LOG7:  <- 220-wait", "LOG7:  <- 220 go", SNI, closed(19, 11)),
                tls -> NegotiationScenario.named("smtp: a 554 greeting is copied and the dialogue goes on")
                        .options("protocol = smtp")
                        .local(p -> p.line().rest(), "554 go away", "<RST>")
                        .remote(p -> {
                            p.send("554 go away").line();
                            p.send("250 ok").line();
                            p.send("454 TLS not available").rest();
                        }, "EHLO localhost", "STARTTLS", "<RST>")
                        .log("LOG7:  <- 554 go away", "LOG7:  -> 554 go away", "LOG7:  -> EHLO localhost",
                                "LOG7:  <- 250 ok", "LOG7:  -> STARTTLS", "LOG7:  <- 454 TLS not available",
                                "LOG3: Remote server is not RFC 2487 compliant", RESET),
                tls -> NegotiationScenario.named("smtp: EHLO refused")
                        .options("protocol = smtp")
                        .local(p -> p.line().rest(), "220 hi", "<RST>")
                        .remote(p -> p.send("220 hi").line().send("500 what").rest(), "EHLO localhost", "<RST>")
                        .log("LOG7:  <- 220 hi", "LOG7:  -> 220 hi", "LOG7:  -> EHLO localhost",
                                "LOG7:  <- 500 what", "LOG3: Remote server is not RFC 1425 compliant", RESET),
                tls -> NegotiationScenario.named("smtp: the server hangs up after EHLO")
                        .options("protocol = smtp")
                        .local(p -> p.line().rest(), "220 hi", "<RST>")
                        .remote(p -> p.send("220 hi").line(), "EHLO localhost")
                        .log("LOG7:  <- 220 hi", "LOG7:  -> 220 hi", "LOG7:  -> EHLO localhost",
                                "LOG3: s_read: Unexpected socket close", RESET),
                tls -> NegotiationScenario.named("smtp: a server that never says 220 meets TIMEOUTbusy")
                        .options("protocol = smtp\nTIMEOUTbusy = 1")
                        .local(LinePeer::rest, "<RST>")
                        .remote(LinePeer::rest, "<RST>")
                        .log("LOG6: s_read_eof: s_poll_wait: TIMEOUTbusy exceeded: sending reset", RESET));
    }

    static List<Scenario> others() {
        return List.of(
                tls -> NegotiationScenario.named("pop3: greeting copied, STLS, then relay")
                        .options("protocol = pop3")
                        .local(relaying(1, "USER bob"), "+OK POP3 ready", "250 after", "<EOF>")
                        .remote(p -> {
                            p.send("+OK POP3 ready").line();
                            p.send("+OK Begin TLS").tlsServer(tls).line();
                            p.send("250 after").rest();
                        }, "STLS", "<TLS SNI 127.0.0.1>", "USER bob", "<EOF>")
                        .log("LOG7:  <- +OK POP3 ready", "LOG7:  -> +OK POP3 ready", "LOG7:  -> STLS",
                                "LOG7:  <- +OK Begin TLS", SNI, closed(10, 11)),
                tls -> NegotiationScenario.named("pop3: STLS refused")
                        .options("protocol = pop3")
                        .local(p -> p.line().rest(), "+OK POP3 ready", "<RST>")
                        .remote(p -> p.send("+OK POP3 ready").line().send("-ERR no").rest(), "STLS", "<RST>")
                        .log("LOG7:  <- +OK POP3 ready", "LOG7:  -> +OK POP3 ready", "LOG7:  -> STLS",
                                "LOG7:  <- -ERR no", "LOG3: Server does not support TLS", RESET),
                tls -> NegotiationScenario.named("pop3: an -ERR greeting never reaches the local client")
                        .options("protocol = pop3")
                        .local(LinePeer::rest, "<RST>")
                        .remote(p -> p.send("-ERR busy").rest(), "<RST>")
                        .log("LOG7:  <- -ERR busy", "LOG3: Unknown server welcome", RESET),
                tls -> NegotiationScenario.named("imap: the local client sees '* OK Connected.', then relay")
                        .options("protocol = imap")
                        .local(relaying(1, "a1 LOGIN u p"), "* OK Connected.", "250 after", "<EOF>")
                        .remote(p -> {
                            p.send("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready").line();
                            p.send("stunnel OK Begin TLS now").tlsServer(tls).line();
                            p.send("250 after").rest();
                        }, "stunnel STARTTLS", "<TLS SNI 127.0.0.1>", "a1 LOGIN u p", "<EOF>")
                        .log("LOG7:  <- * OK [CAPABILITY IMAP4rev1 STARTTLS] ready", "LOG7:  -> * OK Connected.",
                                "LOG7:  -> stunnel STARTTLS", "LOG7:  <- stunnel OK Begin TLS now", SNI,
                                closed(14, 11)),
                tls -> NegotiationScenario.named("imap: STARTTLS refused is told to the local client, then closed")
                        .options("protocol = imap")
                        .local(LinePeer::rest, "* OK Connected.", "* BYE stunnel: Server does not support TLS",
                                "<EOF>")
                        .remote(p -> p.send("* OK ready").line().send("stunnel BAD no").rest(),
                                "stunnel STARTTLS", "<EOF>")
                        .log("LOG7:  <- * OK ready", "LOG7:  -> * OK Connected.", "LOG7:  -> stunnel STARTTLS",
                                "LOG7:  <- stunnel BAD no",
                                "LOG7:  -> * BYE stunnel: Server does not support TLS",
                                "LOG3: Server does not support TLS",
                                "LOG5: Connection closed: 0 byte(s) sent to TLS, 0 byte(s) sent to socket"),
                tls -> NegotiationScenario.named("imap: a BYE greeting")
                        .options("protocol = imap")
                        .local(LinePeer::rest, "<RST>")
                        .remote(p -> p.send("* BYE go away").rest(), "<RST>")
                        .log("LOG7:  <- * BYE go away", "LOG3: Unknown server welcome", RESET),
                tls -> NegotiationScenario.named("nntp: greeting copied, STARTTLS, 382, then relay")
                        .options("protocol = nntp")
                        .local(relaying(1, "GROUP misc.test"), "200 news ready", "250 after", "<EOF>")
                        .remote(p -> {
                            p.send("200 news ready").line();
                            p.send("382 Continue with TLS negotiation").tlsServer(tls).line();
                            p.send("250 after").rest();
                        }, "STARTTLS", "<TLS SNI 127.0.0.1>", "GROUP misc.test", "<EOF>")
                        .log("LOG7:  <- 200 news ready", "LOG7:  -> 200 news ready", "LOG7:  -> STARTTLS",
                                "LOG7:  <- 382 Continue with TLS negotiation", SNI, closed(17, 11)),
                tls -> NegotiationScenario.named("nntp: STARTTLS refused with 580")
                        .options("protocol = nntp")
                        .local(p -> p.line().rest(), "201 news ready", "<RST>")
                        .remote(p -> p.send("201 news ready").line().send("580 no").rest(), "STARTTLS", "<RST>")
                        .log("LOG7:  <- 201 news ready", "LOG7:  -> 201 news ready", "LOG7:  -> STARTTLS",
                                "LOG7:  <- 580 no", "LOG3: Server does not support TLS", RESET),
                tls -> NegotiationScenario.named("nntp: a 400 greeting")
                        .options("protocol = nntp")
                        .local(LinePeer::rest, "<RST>")
                        .remote(p -> p.send("400 go away").rest(), "<RST>")
                        .log("LOG7:  <- 400 go away", "LOG3: Unknown server welcome", RESET),
                ldap("ldap: StartTLS answered success", "300c02010178070a010004000400", 12),
                ldap("ldap: StartTLS answered success with the responseName",
                        "3024020101781f0a0100040004008a16" + hex("1.3.6.1.4.1.1466.20037"), 36),
                ldap("ldap: WinLDAP's four-byte lengths", "30840000001002010178840000000" + "70a010004000400", 16),
                ldapRefused("ldap: StartTLS answered with result code 2", "300c02010178070a010204000400",
                        List.of("LOG7: Receiving LDAP response length",
                                "LOG7: Receiving LDAP response value (12 byte(s))",
                                "LOG7: Decoding LDAP response value",
                                "LOG3: LDAP response has indicated an error (2)")),
                ldapRefused("ldap: not a SEQUENCE", "6100",
                        List.of("LOG3: LDAP response is not UNIVERSAL SEQUENCE")),
                ldapRefused("ldap: a response over 128 bytes", "3081",
                        List.of("LOG7: Receiving LDAP response length", "LOG3: LDAP response too long (129 byte(s))")),
                ldapRefused("ldap: not an ExtendedResponse", "300c02010165070a010004000400",
                        List.of("LOG7: Receiving LDAP response length",
                                "LOG7: Receiving LDAP response value (12 byte(s))",
                                "LOG7: Decoding LDAP response value",
                                "LOG3: LDAP response protocol op is not ExtendedResponse")),
                tls -> NegotiationScenario.named("pgsql: SSLRequest answered S, then relay")
                        .options("protocol = pgsql")
                        .local(relaying(0, "startup"), "250 after", "<EOF>")
                        .remote(p -> {
                            p.bytes(8);
                            p.sendRaw(new byte[]{'S'}).tlsServer(tls).line();
                            p.send("250 after").rest();
                        }, "0000000804d2162f", "<TLS SNI 127.0.0.1>", "startup", "<EOF>")
                        .log(SNI, closed(9, 11)),
                tls -> NegotiationScenario.named("pgsql: SSLRequest answered N")
                        .options("protocol = pgsql")
                        .local(LinePeer::rest, "<RST>")
                        .remote(p -> {
                            p.bytes(8);
                            p.sendRaw(new byte[]{'N'}).rest();
                        }, "0000000804d2162f", "<RST>")
                        .log("LOG3: PostgreSQL server rejected TLS", RESET));
    }

    /** Where we deliberately differ from stunnel 5.68; {@link #stunnelSideOfTheDifferences} shows stunnel's side. */
    static List<Scenario> deliberateDifferences() {
        return List.of(
                smtpAuth("smtp: AUTH PLAIN after EHLO (5.73+)", "EHLO", "", "235 2.7.0 Authentication successful",
                        List.of("AUTH PLAIN AHVzZXIAcGFzcw=="), List.of(), true),
                smtpAuth("smtp: AUTH LOGIN after EHLO (5.73+)", "EHLO", "protocolAuthentication = LOGIN\n",
                        "235 ok", List.of("AUTH LOGIN", "dXNlcg==", "cGFzcw=="),
                        List.of("334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"), true),
                smtpAuth("smtp: AUTH PLAIN refused after EHLO", "EHLO", "", "535 5.7.8 bad",
                        List.of("AUTH PLAIN AHVzZXIAcGFzcw=="), List.of(), false),
                smtpSni("smtp: SNI from connect, not from protocolHost (our EHLO name)", "127.0.0.1"),
                tls -> NegotiationScenario.named("pop3: a bare +OK greeting and STLS answer are accepted")
                        .options("protocol = pop3")
                        .local(relaying(1, "USER bob"), "+OK", "250 after", "<EOF>")
                        .remote(p -> {
                            p.send("+OK").line();
                            p.send("+OK").tlsServer(tls).line();
                            p.send("250 after").rest();
                        }, "STLS", "<TLS SNI 127.0.0.1>", "USER bob", "<EOF>")
                        .log("LOG7:  <- +OK", "LOG7:  -> +OK", "LOG7:  -> STLS", "LOG7:  <- +OK", SNI,
                                closed(10, 11)),
                tls -> NegotiationScenario.named("smtp: a bare 250 ends the EHLO reply")
                        .options("protocol = smtp")
                        .local(relaying(1, "EHLO local-client"), "220 hi", "250 after", "<EOF>")
                        .remote(p -> {
                            p.send("220 hi").line();
                            p.send("250-mx.example", "250").line();
                            p.send("220").tlsServer(tls).line();
                            p.send("250 after").rest();
                        }, "EHLO localhost", "STARTTLS", "<TLS SNI 127.0.0.1>", "EHLO local-client", "<EOF>")
                        .log("LOG7:  <- 220 hi", "LOG7:  -> 220 hi", "LOG7:  -> EHLO localhost",
                                "LOG7:  <- 250-mx.example", "LOG7:  <- 250", "LOG7:  -> STARTTLS", "LOG7:  <- 220",
                                SNI, closed(19, 11)));
    }

    /** stunnel 5.68 in the scenarios of {@link #deliberateDifferences}, pinned so the difference stays known. */
    static List<Scenario> stunnelSideOfTheDifferences() {
        return List.of(
                smtpAuth("smtp: AUTH PLAIN after HELO (5.68)", "HELO", "", "235 2.7.0 Authentication successful",
                        List.of("AUTH PLAIN AHVzZXIAcGFzcw=="), List.of(), true),
                smtpAuth("smtp: AUTH LOGIN after HELO (5.68)", "HELO", "protocolAuthentication = LOGIN\n",
                        "235 ok", List.of("AUTH LOGIN", "dXNlcg==", "cGFzcw=="),
                        List.of("334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"), true),
                smtpAuth("smtp: AUTH PLAIN refused after HELO (5.68)", "HELO", "", "535 5.7.8 bad",
                        List.of("AUTH PLAIN AHVzZXIAcGFzcw=="), List.of(), false),
                smtpSni("smtp: stunnel sends protocolHost's 'localhost' as SNI", "localhost"),
                tls -> NegotiationScenario.named("pop3: stunnel refuses a bare +OK greeting")
                        .options("protocol = pop3")
                        .local(LinePeer::rest, "<RST>")
                        .remote(p -> p.send("+OK").rest(), "<RST>")
                        .log("LOG7:  <- +OK", "LOG3: Unknown server welcome", RESET),
                tls -> NegotiationScenario.named("smtp: stunnel refuses a bare 250")
                        .options("protocol = smtp")
                        .local(p -> p.line().rest(), "220 hi", "<RST>")
                        .remote(p -> p.send("220 hi").line().send("250-mx.example", "250").rest(),
                                "EHLO localhost", "<RST>")
                        .log("LOG7:  <- 220 hi", "LOG7:  -> 220 hi", "LOG7:  -> EHLO localhost",
                                "LOG7:  <- 250-mx.example", "LOG7:  <- 250",
                                "LOG3: Remote server is not RFC 1425 compliant", RESET));
    }

    /**
     * SMTP AUTH inside TLS with {@code protocolHost = client.example} (no port, so stunnel's SNI would be
     * localhost: {@code sni} names the server instead): the greeting verb, then the exchange, then relaying or,
     * when {@code accepted} is false, the failure.
     */
    private static Scenario smtpAuth(String name, String verb, String options, String result, List<String> sent,
                                     List<String> challenges, boolean accepted) {
        boolean login = options.contains("LOGIN");
        return tls -> {
            List<String> remoteGets = new ArrayList<>(List.of("EHLO client.example", "STARTTLS",
                    "<TLS SNI mx.example>", verb + " client.example"));
            remoteGets.addAll(sent);
            remoteGets.addAll(accepted ? List.of("EHLO local-client", "<EOF>") : List.of("<RST>"));
            List<String> log = new ArrayList<>(smtpDialogue("client.example", "220 go"));
            log.add("LOG6: SNI: sending servername: mx.example");
            log.add("LOG7:  -> " + verb + " client.example");
            log.add("LOG7:  <- 250 mx.example");
            for (int i = 0; i < sent.size(); i++) {
                log.add("LOG7:  -> " + sent.get(i));
                log.add("LOG7:  <- " + (i < challenges.size() ? challenges.get(i) : result));
            }
            if (!accepted) {
                log.add(login ? "LOG3: LOGIN authentication failed" : "LOG3: PLAIN Authentication Failed");
            }
            log.add(accepted ? closed(19, 11) : RESET);
            return NegotiationScenario.named(name)
                    .options("protocol = smtp\nprotocolHost = client.example\nprotocolUsername = user\n"
                            + "protocolPassword = pass\nsni = mx.example\n" + options)
                    .local(accepted ? relaying(3, "EHLO local-client") : p -> p.lines(3).rest(),
                            accepted ? concat(GREETING, "250 after", "<EOF>") : concat(GREETING, "<RST>"))
                    .remote(p -> {
                        p.send(GREETING).line();
                        p.send(EHLO_REPLY).line();
                        p.send("220 go").tlsServer(tls).line();
                        p.send("250 mx.example");
                        for (String challenge : challenges) {
                            p.line().send(challenge);
                        }
                        p.line().send(result);
                        if (accepted) {
                            p.line().send("250 after");
                        }
                        p.rest();
                    }, remoteGets.toArray(String[]::new))
                    .log(log.toArray(String[]::new));
        };
    }

    /** {@code protocolHost = client.example} without {@code sni}: which name the server is asked for. */
    private static Scenario smtpSni(String name, String sni) {
        return tls -> NegotiationScenario.named(name)
                .options("protocol = smtp\nprotocolHost = client.example")
                .local(relaying(1, "EHLO local-client"), "220 hi", "250 after", "<EOF>")
                .remote(p -> {
                    p.send("220 hi").line();
                    p.send("250 ok").line();
                    p.send("220 go").tlsServer(tls).line();
                    p.send("250 after").rest();
                }, "EHLO client.example", "STARTTLS", "<TLS SNI " + sni + ">", "EHLO local-client", "<EOF>")
                .log("LOG7:  <- 220 hi", "LOG7:  -> 220 hi", "LOG7:  -> EHLO client.example", "LOG7:  <- 250 ok",
                        "LOG7:  -> STARTTLS", "LOG7:  <- 220 go", "LOG6: SNI: sending servername: " + sni,
                        closed(19, 11));
    }

    private static Scenario ldap(String name, String responseHex, int valueLength) {
        return tls -> NegotiationScenario.named(name)
                .options("protocol = ldap")
                .local(relaying(0, "search"), "250 after", "<EOF>")
                .remote(p -> {
                    p.bytes(31);
                    p.sendHex(responseHex).tlsServer(tls).line();
                    p.send("250 after").rest();
                }, LDAP_REQUEST, "<TLS SNI 127.0.0.1>", "search", "<EOF>")
                .log("LOG7: Sending LDAP Start TLS request", "LOG7: Receiving LDAP response tag",
                        "LOG7: Receiving LDAP response length",
                        "LOG7: Receiving LDAP response value (" + valueLength + " byte(s))",
                        "LOG7: Decoding LDAP response value", "LOG6: LDAP Start TLS successfully negotiated", SNI,
                        closed(8, 11));
    }

    private static Scenario ldapRefused(String name, String responseHex, List<String> after) {
        List<String> log = new ArrayList<>(List.of("LOG7: Sending LDAP Start TLS request",
                "LOG7: Receiving LDAP response tag"));
        log.addAll(after);
        log.add(RESET);
        return tls -> NegotiationScenario.named(name)
                .options("protocol = ldap")
                .local(LinePeer::rest, "<RST>")
                .remote(p -> {
                    p.bytes(31);
                    p.sendHex(responseHex).rest();
                }, LDAP_REQUEST, "<RST>")
                .log(log.toArray(String[]::new));
    }

    /** The server's side of a STARTTLS with {@link #GREETING} and {@link #EHLO_REPLY}, then relaying. */
    private static LinePeer.Script smtpServer(SSLContext tls, String startTlsReply, LinePeer.Script insideTls) {
        return p -> {
            p.send(GREETING).line();
            p.send(EHLO_REPLY).line();
            p.send(startTlsReply).tlsServer(tls);
            insideTls.run(p);
            p.line();
            p.send("250 after").rest();
        };
    }

    /** The log lines of {@link #GREETING} copied to the local client and the EHLO/STARTTLS exchange. */
    private static List<String> smtpDialogue(String ehloName, String startTlsReply) {
        return List.of("LOG7:  <- 220-mx.example ESMTP first line", "LOG7:  -> 220-mx.example ESMTP first line",
                "LOG7:  <- 220-second", "LOG7:  -> 220-second",
                "LOG7:  <- 220 mx.example ready", "LOG7:  -> 220 mx.example ready",
                "LOG7:  -> EHLO " + ehloName,
                "LOG7:  <- 250-mx.example hello", "LOG7:  <- 250-PIPELINING", "LOG7:  <- 250 STARTTLS",
                "LOG7:  -> STARTTLS", "LOG7:  <- " + startTlsReply);
    }

    /**
     * The local client: reads {@code shown} lines the tunnel shows it before TLS, sends {@code command} (relayed
     * through TLS), reads the answer, half-closes and reads to the end.
     */
    private static LinePeer.Script relaying(int shown, String command) {
        return p -> {
            p.lines(shown);
            p.send(command).line();
            p.finish();
        };
    }

    private static String closed(int toTls, int toSocket) {
        return "LOG5: Connection closed: " + toTls + " byte(s) sent to TLS, " + toSocket + " byte(s) sent to socket";
    }

    private static String[] concat(String[] head, String... tail) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(head), java.util.Arrays.stream(tail))
                .toArray(String[]::new);
    }

    private static String[] concat(List<String> head, String... tail) {
        return concat(head.toArray(String[]::new), tail);
    }

    private static String hex(String ascii) {
        return java.util.HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
