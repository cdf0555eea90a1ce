package org.stunneljava.status;

import java.time.Instant;
import org.stunneljava.launch.Reloads;
import org.stunneljava.log.JsonText;

/**
 * The body of {@code GET /health}: one JSON object (the README's "Status and metrics" section shows it),
 * <pre>
 * {"status":"ok"|"unavailable",
 *  "services":[{"service":NAME,"backend":"reachable"|"unreachable"|"not_checked", "reason":WHY (not checked only),
 *               "targets":[{"target":CONNECT,"address":ADDR,"reachable":BOOL,"millis":N,"error":TEXT}]}],
 *  "reload":{"attempts":N,"failures":N,"last":null|{"time":ISO,"successful":BOOL,"error":TEXT}}}
 * </pre>
 * {@code address} is null for a name that did not resolve; {@code error} is present only for a failure.
 */
final class HealthReport {
    static final String CONTENT_TYPE = "application/json";

    private HealthReport() {
    }

    static String json(HealthCheck.Report report, Reloads reloads) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"status\":\"").append(report.healthy() ? "ok" : "unavailable").append("\",\"services\":[");
        String comma = "";
        for (HealthCheck.ServiceHealth s : report.services()) {
            b.append(comma).append("{\"service\":");
            JsonText.appendQuoted(b, s.service()).append(",\"backend\":\"")
                    .append(!s.checked() ? "not_checked" : s.reachable() ? "reachable" : "unreachable").append('"');
            if (!s.checked()) {
                JsonText.appendQuoted(b.append(",\"reason\":"), s.notChecked().get());
            }
            b.append(",\"targets\":[");
            String c = "";
            for (HealthCheck.Target t : s.targets()) {
                b.append(c).append("{\"target\":");
                JsonText.appendQuoted(b, t.target()).append(",\"address\":");
                if (t.address() == null) {
                    b.append("null");
                } else {
                    JsonText.appendQuoted(b, t.address());
                }
                b.append(",\"reachable\":").append(t.reachable()).append(",\"millis\":").append(t.millis());
                if (t.error() != null) {
                    JsonText.appendQuoted(b.append(",\"error\":"), t.error());
                }
                b.append('}');
                c = ",";
            }
            b.append("]}");
            comma = ",";
        }
        b.append("],\"reload\":{\"attempts\":").append(reloads.attempts()).append(",\"failures\":")
                .append(reloads.failures()).append(",\"last\":");
        reloads.last().ifPresentOrElse(last -> {
            b.append("{\"time\":");
            JsonText.appendQuoted(b, Instant.ofEpochMilli(last.at().toEpochMilli()).toString())
                    .append(",\"successful\":").append(last.succeeded());
            last.error().ifPresent(e -> JsonText.appendQuoted(b.append(",\"error\":"), e));
            b.append('}');
        }, () -> b.append("null"));
        return b.append("}}\n").toString();
    }
}
