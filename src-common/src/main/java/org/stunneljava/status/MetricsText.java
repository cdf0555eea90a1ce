package org.stunneljava.status;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.stunneljava.launch.Reloads;
import org.stunneljava.relay.CloseReason;
import org.stunneljava.relay.HandshakeFailure;

/**
 * The body of {@code GET /metrics}: Prometheus's text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): for each metric a {@code # HELP} and a
 * {@code # TYPE} line, then its samples; counters end in {@code _total}; label values escaped. The README's
 * "Status and metrics" section lists every metric.
 */
final class MetricsText {
    /** The {@code Content-Type} of this format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder b = new StringBuilder(4096);

    private MetricsText() {
    }

    static String render(List<ServiceSample> services, Reloads reloads, Instant started) {
        MetricsText t = new MetricsText();
        t.perService(services, "stunnel_connections_total", "counter",
                "Connections accepted (and admitted by the connection limits).", ServiceSample::accepted);
        t.perService(services, "stunnel_connections_open", "gauge", "Connections open now.", ServiceSample::open);
        t.header("stunnel_connections_closed_total", "counter", "Connections closed, by the reason they ended.");
        for (ServiceSample s : services) {
            for (CloseReason r : CloseReason.values()) {
                t.sample("stunnel_connections_closed_total", s.service(), "reason",
                        r.name().toLowerCase(Locale.ROOT), s.closed().get(r));
            }
        }
        t.perService(services, "stunnel_sent_to_tls_bytes_total", "counter",
                "Bytes sent to the TLS side (the close line's \"sent to TLS\"), open connections included.",
                ServiceSample::toTls);
        t.perService(services, "stunnel_sent_to_socket_bytes_total", "counter",
                "Bytes sent to the plaintext side (the close line's \"sent to socket\"), open connections included.",
                ServiceSample::toSocket);
        t.perService(services, "stunnel_handshakes_completed_total", "counter", "TLS handshakes completed.",
                ServiceSample::handshakes);
        t.perService(services, "stunnel_handshakes_resumed_total", "counter",
                "TLS handshakes completed that resumed a session.", ServiceSample::resumed);
        t.header("stunnel_handshakes_failed_total", "counter", "TLS handshakes failed, by reason.");
        for (ServiceSample s : services) {
            for (HandshakeFailure.Reason r : HandshakeFailure.Reason.values()) {
                t.sample("stunnel_handshakes_failed_total", s.service(), "reason", r.label(),
                        s.handshakeFailed().get(r));
            }
        }
        t.perService(services, "stunnel_backend_connect_failures_total", "counter",
                "Connections whose next hop could not be connected (every address failed).",
                ServiceSample::connectFailures);
        t.single("stunnel_reloads_total", "counter", "Configuration reloads tried.", reloads.attempts());
        t.single("stunnel_reload_failures_total", "counter",
                "Configuration reloads that failed (the previous configuration stayed in force).",
                reloads.failures());
        Reloads.Outcome last = reloads.last().orElse(null);
        t.single("stunnel_last_reload_successful", "gauge",
                "1 if the last reload (or, before any, the start) succeeded, else 0.",
                last == null || last.succeeded() ? 1 : 0);
        t.header("stunnel_last_reload_timestamp_seconds", "gauge",
                "When the last reload was tried (before any, when the process started), in Unix seconds.");
        t.b.append("stunnel_last_reload_timestamp_seconds ").append(seconds(last == null ? started : last.at()))
                .append('\n');
        t.header("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
        t.b.append("process_start_time_seconds ").append(seconds(started)).append('\n');
        return t.b.toString();
    }

    private void perService(List<ServiceSample> services, String name, String type, String help,
                            ToLongFunction<ServiceSample> value) {
        header(name, type, help);
        for (ServiceSample s : services) {
            b.append(name).append("{service=");
            label(s.service()).append("} ").append(value.applyAsLong(s)).append('\n');
        }
    }

    private void sample(String name, String service, String label, String labelValue, long value) {
        b.append(name).append("{service=");
        label(service).append(',').append(label).append('=');
        label(labelValue).append("} ").append(value).append('\n');
    }

    private void single(String name, String type, String help, long value) {
        header(name, type, help);
        b.append(name).append(' ').append(value).append('\n');
    }

    private void header(String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A quoted label value: backslash, double quote and line feed escaped, as the format requires. */
    private StringBuilder label(String value) {
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"');
    }

    /** Unix seconds with milliseconds, as a float. */
    private static String seconds(Instant t) {
        long ms = t.toEpochMilli();
        return Math.floorDiv(ms, 1000) + "." + String.format(Locale.ROOT, "%03d", Math.floorMod(ms, 1000));
    }
}
