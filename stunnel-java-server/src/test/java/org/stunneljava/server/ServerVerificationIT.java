package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.ConnectionLines;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.OurPrograms;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * The real stunnel 5.68 as the TLS client of our server program, every verification outcome of
 * stunnel-behaviour.md scenarios #10-#13 and their CApath/CRLpath variants in one table: our server (one process,
 * one service per row) verifies the certificate stunnel presents (stunnel, one process, one client service per
 * row, verifies ours in turn). Each row asserts our stunnel-worded log line and, for a refusal, the alert stunnel
 * reports having received ({@code SSL_read: ... alert certificate revoked} and the like), or else the echo.
 */
class ServerVerificationIT {
    private static final Duration WAIT = Programs.START;
    private static final byte[] PING = "ping\n".getBytes();

    @TempDir
    static Path dir;
    static TestPki pki;
    static Backends backend;
    static ManagedProcess ours;
    static ManagedProcess stunnel;

    /**
     * @param ours    our service's verification lines
     * @param cert    what stunnel presents (null: no certificate)
     * @param alert   the alert stunnel logs having received, or null when data flows
     * @param logged  our line for the connection
     * @param theirs  a further line stunnel logs for the connection (null: none to check)
     */
    record Row(String id, Function<TestPki, String> ours, Function<TestPki, Path> cert, String alert, String logged,
               String theirs) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Row> rows() {
        Function<TestPki, String> chain = p -> "verifyChain = yes\nCAfile = " + p.caPem();
        return List.of(
                new Row("good", chain, TestPki::clientPem, null, "Certificate accepted at depth=0: CN=client",
                        "Received trusted client CA: CN=Test Root CA, O=stunnel-java tests"),
                new Row("subject-mismatch", p -> chain.apply(p) + "\ncheckHost = localhost", TestPki::clientPem,
                        "alert internal error", "CERT: Subject checks failed", null),
                new Row("expired", chain, TestPki::expiredPem, "alert certificate expired",
                        "CERT: Pre-verification error: certificate has expired", null),
                new Row("unknown-ca", chain, TestPki::unknownPem, "alert unknown ca",
                        "CERT: Pre-verification error: self-signed certificate", null),
                new Row("pin-ok", p -> "verifyPeer = yes\nCAfile = " + p.client().certPem(), TestPki::clientPem, null,
                        "CERT: Locally installed certificate matched", null),
                new Row("pin-miss", p -> "verifyPeer = yes\nCAfile = " + p.client().certPem(),
                        p -> p.revokedClient().pem(), "alert bad certificate",
                        "CERT: Certificate not found in local repository", null),
                new Row("no-cert-required", chain, p -> null, "alert certificate required",
                        "SSL_accept: peer did not return a certificate", null),
                new Row("no-cert-optional", p -> chain.apply(p) + "\nrequireCert = no", p -> null, null,
                        "TLS accepted: new session negotiated", null),
                new Row("revoked-crlfile", p -> chain.apply(p) + "\nCRLfile = " + p.crlPem(),
                        p -> p.revokedClient().pem(), "alert certificate revoked",
                        "CERT: Pre-verification error: certificate revoked", null),
                new Row("revoked-crlpath", p -> chain.apply(p) + "\nCRLpath = " + p.crlPath(),
                        p -> p.revokedClient().pem(), "alert certificate revoked",
                        "CERT: Pre-verification error: certificate revoked", null),
                new Row("crl-missing", p -> chain.apply(p) + "\nCRLfile = " + p.rootCrlPem(), TestPki::clientPem,
                        "alert unknown ca", "CERT: Pre-verification error: unable to get certificate CRL", null),
                new Row("email-match", p -> chain.apply(p) + "\ncheckEmail = nobody@example.com\ncheckEmail = "
                        + "Alice@example.com", p -> p.emailClient().pem(), null,
                        "CERT: Email address \"Alice@example.com\" matched", null),
                new Row("email-subject-ignored", p -> chain.apply(p) + "\ncheckEmail = bob@example.com",
                        p -> p.emailClient().pem(), "alert internal error", "CERT: Subject checks failed", null),
                new Row("capath", p -> "verifyChain = yes\nCApath = " + p.caPath(), TestPki::clientPem, null,
                        "Certificate accepted at depth=2: CN=Test Root CA, O=stunnel-java tests",
                        "Received trusted client CA: CN=Test Root CA, O=stunnel-java tests"));
    }

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        backend = Backends.echo();
        ours = Programs.stunnelJava(Programs.Mode.SERVER, Confs.write(dir, "ours.conf", rows().stream()
                .map(r -> """
                        [%s]
                        accept = 127.0.0.1:0
                        connect = 127.0.0.1:%d
                        cert = %s
                        %s
                        """.formatted(r.id(), backend.port(), pki.serverPem(), r.ours().apply(pki)))
                .collect(Collectors.joining())));
        ours.await("Accepting new connections", WAIT);
        StringBuilder theirs = new StringBuilder("pid =\n");
        for (Row r : rows()) {
            Path cert = r.cert().apply(pki);
            theirs.append("""
                    [%s]
                    client = yes
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%d
                    verifyChain = yes
                    CAfile = %s
                    checkHost = localhost
                    %s
                    """.formatted(r.id(), ours.awaitPort(r.id(), WAIT), pki.caPem(),
                    cert == null ? "" : "cert = " + cert));
        }
        stunnel = Programs.stunnel(Confs.write(dir, "stunnel-clients.conf", theirs.toString()));
        stunnel.await("Configuration successful", WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        Stream.of(stunnel, ours).filter(java.util.Objects::nonNull).forEach(ManagedProcess::close);
        if (backend != null) {
            backend.close();
        }
    }

    /** A CRL file that does not load stops the program as stunnel stops, naming the line of the option. */
    @Test
    void aCrlThatDoesNotParseIsAStartUpErrorNamingTheLine() throws Exception {
        Path crl = dir.resolve("garbled.crl");
        Files.writeString(crl, "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        Path conf = OurPrograms.serverConf(dir, "", "s", 9, pki.serverPem(), "CRLfile = " + crl);
        String out = OurPrograms.refusedAtStartUp(Programs.Mode.SERVER, conf);
        String line = "[!] " + conf + ":8: \"CRLfile = " + crl + "\": Failed to load " + crl
                + " revocation lookup file: PEM block 1 does not decode";
        assertTrue(out.contains(line), out);
        assertTrue(out.contains("[!] Service [s]: Failed to initialize TLS context"), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void stunnelClientAgainstOurServer(Row row) throws Exception {
        int port = stunnel.awaitPort(row.id(), WAIT);
        if (row.alert() == null) {
            assertArrayEquals(PING, PlainClient.exchange(port, PING));
        } else {
            assertArrayEquals(new byte[0], PlainClient.exchangeOrReset(port, PING));
        }
        ConnectionLines.await(ours, ConnectionLines.idOf(ours, row.id(), WAIT), row.logged(), WAIT);
        String theirId = ConnectionLines.idOf(stunnel, row.id(), WAIT);
        if (row.alert() != null) {
            ConnectionLines.await(stunnel, theirId, row.alert(), WAIT);
        }
        if (row.theirs() != null) {
            ConnectionLines.await(stunnel, theirId, row.theirs(), WAIT);
        }
    }
}
