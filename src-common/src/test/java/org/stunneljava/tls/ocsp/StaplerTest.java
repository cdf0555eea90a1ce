package org.stunneljava.tls.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.MutableClock;
import org.stunneljava.testkit.OcspPki;
import org.stunneljava.testkit.OcspResponder;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.WithOcspResponderPerTest;
import org.stunneljava.tls.OcspStapling;
import org.stunneljava.tls.TrustStore;

/** Server-side stapling: what is fetched, cached, stapled, refreshed, and that nothing ever waits on a responder. */
class StaplerTest extends WithOcspResponderPerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration BUSY = Duration.ofSeconds(30);

    RecordingLog serviceLog = new RecordingLog("main", org.stunneljava.log.Severity.DEBUG);
    RecordingLog connection = new RecordingLog();
    MutableClock clock = new MutableClock(Instant.now());

    private OcspStapling stapler(OcspPki.Holder own, Duration retry) {
        return Stapler.start(own.chain(), TrustStore.EMPTY, false, CONNECT, BUSY, retry, clock, serviceLog);
    }

    private void awaitLog(String fragment, int count) throws InterruptedException {
        Poll.until(() -> serviceLog.lines().stream().filter(l -> l.contains(fragment)).count() >= count, WAIT,
                () -> count + " x \"" + fragment + "\" in\n" + String.join("\n", serviceLog.lines()));
    }

    private static CertificateStatus status(byte[] der) throws Exception {
        return ((BasicOCSPResp) new OCSPResp(der).getResponseObject()).getResponses()[0].getCertStatus();
    }

    @Test
    void AGoodAnswerIsFetchedAtStartCachedAndStapled() throws Exception {
        OcspStapling stapling = stapler(pki.server(), Duration.ofMinutes(1));
        awaitLog("OCSP: Response cached", 1);
        assertTrue(serviceLog.contains("LOG5[main]: OCSP: Connecting the AIA responder \"" + responder.url() + "\""));
        assertTrue(serviceLog.contains("OCSP: Status: good"));
        byte[] der = stapling.response(connection);
        assertNotNull(der);
        assertSame(CertificateStatus.GOOD, status(der));
        assertTrue(connection.contains("OCSP stapling: Server callback called"));
        assertTrue(connection.contains("OCSP stapling: OCSP response sent back"));
        stapling.response(connection);
        assertEquals(1, responder.requests().size(), "answered from the cache");
    }

    @Test
    void ARevokedAnswerIsConclusiveAndStapledToo() throws Exception {
        OcspStapling stapling = stapler(pki.revokedServer(), Duration.ofMinutes(1));
        awaitLog("OCSP: Response cached", 1);
        assertTrue(status(stapling.response(connection)) instanceof RevokedStatus);
    }

    @Test
    void InconclusiveAnswersAndAnswersWithoutNextUpdateAreNotStapled() throws Exception {
        OcspStapling unknown = stapler(pki.unknownServer(), Duration.ofMinutes(1));
        awaitLog("OCSP: No OCSP stapling response to send", 1);
        assertNull(unknown.response(connection));
        responder.misbehave(OcspResponder.Misbehaviour.NO_NEXT_UPDATE);
        OcspStapling noNext = stapler(pki.server(), Duration.ofMinutes(1));
        awaitLog("OCSP: Status: good", 1);
        Poll.until(() -> responder.requests().size() == 2, WAIT, "the second fetch");
        assertNull(noNext.response(connection), "stunnel caches, and so staples, only answers with nextUpdate");
    }

    @Test
    void ACertificateWithoutAiaHasNothingToStaple() {
        OcspStapling stapling = Stapler.start(base.server().chain(), TrustStore.EMPTY, false, CONNECT, BUSY,
                Duration.ofMinutes(1), clock, serviceLog);
        assertSame(OcspStapling.NONE, stapling);
        assertTrue(serviceLog.contains("LOG6[main]: OCSP: No AIA responder URL"));
        assertTrue(serviceLog.contains("LOG6[main]: OCSP: No OCSP stapling response to send"));
    }

    @Test
    void PskServicesDoNotStaple() {
        assertSame(OcspStapling.NONE, Stapler.start(pki.server().chain(), TrustStore.EMPTY, true, CONNECT, BUSY,
                Duration.ofMinutes(1), clock, serviceLog));
        assertTrue(serviceLog.contains("LOG5[main]: OCSP: Server OCSP stapling is incompatible with PSK"));
        assertEquals(0, responder.requests().size());
    }

    @Test
    void AnUnreachableResponderNeverDelaysAHandshakeAndIsRetriedAfterTheInterval() throws Exception {
        int closed = Ports.closed();
        OcspPki elsewhere = OcspPki.create(base, "http://127.0.0.1:" + closed + "/ocsp");
        OcspStapling stapling = stapler(elsewhere.server(), Duration.ofMinutes(1));
        awaitLog("OCSP: No OCSP stapling response to send", 1);
        assertTrue(serviceLog.contains("s_connect: connect 127.0.0.1:" + closed + ": Connection refused (111)"));
        assertNull(stapling.response(connection));
        assertNull(stapling.response(connection));
        assertEquals(1, serviceLog.lines().stream().filter(l -> l.contains("Connection refused")).count(),
                "no new attempt within the retry interval");
        clock.advance(Duration.ofSeconds(61));
        assertNull(stapling.response(connection));
        awaitLog("Connection refused", 2);
    }

    @Test
    void ASilentResponderDoesNotBlockTheHandshake() throws Exception {
        responder.misbehave(OcspResponder.Misbehaviour.SILENT);
        OcspStapling stapling = stapler(pki.server(), Duration.ofMinutes(1));
        Poll.until(() -> responder.requests().size() == 1, WAIT, "the fetch reached the responder");
        long start = System.nanoTime();
        assertNull(stapling.response(connection));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(500)) < 0);
    }

    @Test
    void TheCacheIsRefreshedBeforeNextUpdateAndDroppedAfterIt() throws Exception {
        OcspStapling stapling = stapler(pki.server(), Duration.ofMinutes(1));
        awaitLog("OCSP: Response cached", 1);
        clock.advance(Duration.ofMinutes(8)); // past three quarters of the 10 minutes the answer is valid
        assertNotNull(stapling.response(connection), "still valid: stapled while the refresh runs");
        awaitLog("OCSP: Response cached", 2);
        assertEquals(2, responder.requests().size());
        clock.advance(Duration.ofMinutes(3)); // past nextUpdate + 30 s of the answers the responder gives
        assertNull(stapling.response(connection));
        awaitLog("OCSP: OCSP_check_validity: status expired", 1);
    }
}
