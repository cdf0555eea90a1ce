package org.stunneljava.tls.ocsp;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.stunneljava.config.OcspFlag;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.tls.LogLine;
import org.stunneljava.tls.OcspStapling;
import org.stunneljava.tls.TrustStore;

/**
 * Server-side stapling of our own certificate's status, as stunnel 5.71+ does for every server service
 * (src/ocsp.c {@code ocsp_stapling}): the responders named in our certificate's AIA extension are asked, the answer
 * is verified as stunnel verifies it (our chain as {@code TRUSTOTHER} certificates, the CAfile as trust store, 30 s
 * leeway, no nonce), and a conclusive answer with a nextUpdate is cached and stapled until nextUpdate (+ leeway).
 * Handshakes only read the cache: a fetch runs on its own virtual thread, at start-up and again when a client asks
 * for a status and the cached answer is missing or three quarters through its life; after a failed fetch the next
 * attempt waits {@code retryAfter} (stunnel's cron retries each minute). An unreachable responder therefore never
 * delays or fails a handshake. Thread-safe; one per service.
 */
public final class Stapler implements OcspStapling {
    private static final Duration LEEWAY = Duration.ofSeconds(30);

    /** A verified response and when to refresh and to stop using it. */
    private record Cached(byte[] der, Instant refreshAt, Instant expires) {
    }

    private final List<X509Certificate> chain;
    private final List<String> urls;
    private final ResponseCheck check;
    private final Duration connectTimeout;
    private final Duration busyTimeout;
    private final Duration retryAfter;
    private final Clock clock;
    private final Log serviceLog;
    private final AtomicReference<Cached> cache = new AtomicReference<>();
    private final AtomicBoolean fetching = new AtomicBoolean();
    private volatile Instant lastFailure = Instant.MIN;

    Stapler(List<X509Certificate> chain, List<String> urls, TrustStore trust, Duration connectTimeout,
            Duration busyTimeout, Duration retryAfter, Clock clock, Log serviceLog) {
        this.chain = List.copyOf(chain);
        this.urls = List.copyOf(urls);
        this.check = new ResponseCheck(trust, Set.of(OcspFlag.TRUSTOTHER), LEEWAY);
        this.connectTimeout = connectTimeout;
        this.busyTimeout = busyTimeout;
        this.retryAfter = retryAfter;
        this.clock = clock;
        this.serviceLog = serviceLog;
    }

    /**
     * The stapling of a server service with certificate chain {@code ownChain} (leaf first): none when the leaf
     * names no responder (logged as stunnel logs it) or when the service uses PSK; otherwise a stapler whose first
     * fetch has started.
     */
    public static OcspStapling start(List<X509Certificate> ownChain, TrustStore trust, boolean psk,
                                     Duration connectTimeout, Duration busyTimeout, Duration retryAfter, Clock clock,
                                     Log serviceLog) {
        if (psk) {
            serviceLog.log(Severity.NOTICE, "OCSP: Server OCSP stapling is incompatible with PSK");
            return OcspStapling.NONE;
        }
        List<LogLine> lines = new ArrayList<>();
        List<X509Certificate> chain = PeerOcsp.RootCa.append(ownChain, trust, lines);
        List<String> urls = Aia.ocspUrls(ownChain.getFirst());
        if (urls.isEmpty()) {
            lines.add(new LogLine(Severity.INFO, "OCSP: No AIA responder URL"));
            lines.add(new LogLine(Severity.INFO, "OCSP: No OCSP stapling response to send"));
        }
        lines.forEach(l -> serviceLog.log(l.severity(), l.text()));
        if (urls.isEmpty()) {
            return OcspStapling.NONE; // our certificate never changes under a running service
        }
        Stapler stapler = new Stapler(chain, urls, trust, connectTimeout, busyTimeout, retryAfter, clock, serviceLog);
        serviceLog.log(Severity.DEBUG, "OCSP: Server OCSP stapling enabled");
        stapler.refreshInBackground();
        return stapler;
    }

    @Override
    public byte[] response(Log log) {
        log.log(Severity.DEBUG, "OCSP stapling: Server callback called");
        Instant now = clock.instant();
        Cached cached = cache.get();
        if (cached == null || now.isAfter(cached.refreshAt())) {
            refreshInBackground();
        }
        if (cached == null || now.isAfter(cached.expires())) {
            return null;
        }
        log.log(Severity.DEBUG, "OCSP stapling: OCSP response sent back");
        return cached.der().clone();
    }

    /** Starts one fetch unless one is running or the last one failed less than {@code retryAfter} ago. */
    void refreshInBackground() {
        if (clock.instant().isBefore(lastFailure.plus(retryAfter)) || !fetching.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("ocsp-stapling").start(() -> {
            try {
                refresh();
            } finally {
                fetching.set(false);
            }
        });
    }

    /** One round of stunnel's check_aia for our leaf, then the cache update. */
    void refresh() {
        List<LogLine> lines = new ArrayList<>();
        try {
            Instant now = clock.instant();
            Optional<Cached> fresh = fetch(now, lines);
            if (fresh.isPresent()) {
                cache.set(fresh.get());
                lines.add(new LogLine(Severity.DEBUG, "OCSP: Response cached"));
            } else {
                lastFailure = now;
            }
        } finally {
            lines.forEach(l -> serviceLog.log(l.severity(), l.text()));
        }
    }

    private Optional<Cached> fetch(Instant now, List<LogLine> log) {
        CertificateID id = CertIds.of(chain.getFirst(), chain.size() > 1 ? chain.get(1) : chain.getFirst());
        for (String url : urls) {
            log.add(new LogLine(Severity.NOTICE, "OCSP: Connecting the AIA responder \"" + url + "\""));
            OcspRequests.Request request = OcspRequests.build(id, false);
            OCSPResp response = ResponderUrl.parse(url, log)
                    .map(u -> ResponderClient.post(u, request.der(), connectTimeout, busyTimeout, log))
                    .orElse(null);
            if (response == null) {
                continue;
            }
            ResponseCheck.Verdict verdict = check.validate(response, null, chain, 0, now, log);
            if (verdict.status() != OcspStatus.UNKNOWN) {
                if (verdict.nextUpdate().isEmpty()) {
                    return Optional.empty(); // stunnel caches (and so staples) only answers with a nextUpdate
                }
                Instant next = verdict.nextUpdate().get();
                Instant refreshAt = now.plus(Duration.between(now, next).multipliedBy(3).dividedBy(4));
                return Optional.of(new Cached(encoded(response), refreshAt, next.plus(LEEWAY)));
            }
        }
        log.add(new LogLine(Severity.INFO, "OCSP: No OCSP stapling response to send"));
        return Optional.empty();
    }

    private static byte[] encoded(OCSPResp response) {
        try {
            return response.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
