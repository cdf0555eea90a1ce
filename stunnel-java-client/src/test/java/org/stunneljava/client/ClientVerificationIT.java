package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.ConnectionLines;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.PlainClient;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.TestPki;

/**
 * Our client program in front of the real stunnel 5.68 as TLS server, every verification outcome of
 * stunnel-behaviour.md scenarios #3-#8 and their CRL and CApath variants in one table: our client (one process,
 * one service per row) verifies the certificate the stunnel service of the row presents; in the last rows stunnel
 * verifies ours. Each row asserts our stunnel-worded log line and what stunnel logged for the connection: the alert
 * it received from us, or its own refusal.
 */
class ClientVerificationIT {
    private static final Duration WAIT = Programs.START;
    private static final byte[] PING = "ping\n".getBytes();

    @TempDir
    static Path dir;
    static TestPki pki;
    static Backends backend;
    static ManagedProcess stunnel;
    static ManagedProcess ours;

    /**
     * @param theirs  the stunnel server service: its certificate and options
     * @param ours    our client service's options
     * @param flows   data passes both tunnels
     * @param logged  our line for the connection
     * @param stunnelLogged what stunnel logs for the connection (null: nothing to check)
     */
    record Row(String id, Function<TestPki, String> theirs, Function<TestPki, String> ours, boolean flows,
               String logged, String stunnelLogged) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Row> rows() {
        Function<TestPki, String> chain = p -> "verifyChain = yes\nCAfile = " + p.caPem() + "\ncheckHost = localhost";
        Function<TestPki, String> requiring = p -> "cert = " + p.serverPem() + "\nverifyChain = yes\nCAfile = "
                + p.caPem() + "\nCRLfile = " + p.crlPem();
        return List.of(
                new Row("good", cert(TestPki::serverPem), chain, true, "Certificate accepted at depth=0: CN=localhost",
                        null),
                new Row("wrong-host", cert(TestPki::wrongHostPem), chain, false, "CERT: Subject checks failed",
                        "alert internal error"),
                new Row("expired", cert(TestPki::expiredPem), chain, false,
                        "CERT: Pre-verification error: certificate has expired", "alert certificate expired"),
                new Row("self-signed", cert(TestPki::unknownPem), chain, false,
                        "CERT: Pre-verification error: self-signed certificate", "alert unknown ca"),
                new Row("pin-ok", cert(TestPki::serverPem), p -> "verifyPeer = yes\nCAfile = " + p.server().certPem(),
                        true, "CERT: Locally installed certificate matched", null),
                new Row("pin-miss", cert(TestPki::serverPem),
                        p -> "verifyPeer = yes\nCAfile = " + p.unknown().certPem(), false,
                        "CERT: Certificate not found in local repository", "alert bad certificate"),
                new Row("revoked-crlfile", cert(p -> p.revokedServer().pem()),
                        p -> chain.apply(p) + "\nCRLfile = " + p.crlPem(), false,
                        "CERT: Pre-verification error: certificate revoked", "alert certificate revoked"),
                new Row("revoked-crlpath", cert(p -> p.revokedServer().pem()),
                        p -> chain.apply(p) + "\nCRLpath = " + p.crlPath(), false,
                        "CERT: Pre-verification error: certificate revoked", "alert certificate revoked"),
                new Row("crl-missing", cert(TestPki::serverPem), p -> chain.apply(p) + "\nCRLfile = " + p.rootCrlPem(),
                        false, "CERT: Pre-verification error: unable to get certificate CRL", "alert unknown ca"),
                new Row("capath", cert(TestPki::serverPem),
                        p -> "verifyChain = yes\nCApath = " + p.caPath() + "\ncheckHost = localhost", true,
                        "Certificate accepted at depth=2: CN=Test Root CA, O=stunnel-java tests", null),
                new Row("no-cert-required", requiring, chain, false, "SSL_read: tlsv13 alert certificate required",
                        "peer did not return a certificate"),
                new Row("our-cert-revoked", requiring, p -> chain.apply(p) + "\ncert = " + p.revokedClient().pem(),
                        false, "SSL_read: sslv3 alert certificate revoked",
                        "CERT: Pre-verification error: certificate revoked"),
                new Row("our-cert-good", requiring, p -> chain.apply(p) + "\ncert = " + p.clientPem(), true,
                        "Certificate accepted at depth=0: CN=localhost", "Certificate accepted at depth=0: CN=client"));
    }

    private static Function<TestPki, String> cert(Function<TestPki, Path> pem) {
        return p -> "cert = " + pem.apply(p);
    }

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        backend = Backends.echo();
        stunnel = Programs.stunnel(Confs.write(dir, "stunnel-servers.conf", "pid =\n" + rows().stream()
                .map(r -> """
                        [%s]
                        accept = 127.0.0.1:0
                        connect = 127.0.0.1:%d
                        %s
                        """.formatted(r.id(), backend.port(), r.theirs().apply(pki)))
                .collect(Collectors.joining())));
        stunnel.await("Configuration successful", WAIT);
        StringBuilder conf = new StringBuilder();
        for (Row r : rows()) {
            conf.append("""
                    [%s]
                    client = yes
                    accept = 127.0.0.1:0
                    connect = 127.0.0.1:%d
                    %s
                    """.formatted(r.id(), stunnel.awaitPort(r.id(), WAIT), r.ours().apply(pki)));
        }
        ours = Programs.stunnelJava(Programs.Mode.CLIENT, Confs.write(dir, "ours.conf", conf.toString()));
        ours.await("Accepting new connections", WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        Stream.of(ours, stunnel).filter(java.util.Objects::nonNull).forEach(ManagedProcess::close);
        if (backend != null) {
            backend.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void ourClientAgainstStunnelServer(Row row) throws Exception {
        int port = ours.awaitPort(row.id(), WAIT);
        if (row.flows()) {
            assertArrayEquals(PING, PlainClient.exchange(port, PING));
        } else {
            assertArrayEquals(new byte[0], PlainClient.exchangeOrReset(port, PING));
        }
        ConnectionLines.await(ours, ConnectionLines.idOf(ours, row.id(), WAIT), row.logged(), WAIT);
        if (row.stunnelLogged() != null) {
            ConnectionLines.await(stunnel, ConnectionLines.idOf(stunnel, row.id(), WAIT), row.stunnelLogged(), WAIT);
        }
    }
}
