package org.stunneljava.testkit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Prometheus text exposition (format 0.0.4) strictly, as a scraper would: every sample belongs to a metric
 * announced by one {@code # HELP} and one {@code # TYPE} line before it, counters are named {@code *_total},
 * label values are quoted with the format's escapes, values are numbers, and no series appears twice. Samples are
 * keyed {@code name{label="value",...}} as written (labels in written order), or the bare name without labels.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|untyped|summary|histogram)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    private final Map<String, Double> samples = new LinkedHashMap<>();
    private final Map<String, String> types = new HashMap<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        Set<String> helped = new HashSet<>();
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        for (String line : text.split("\n")) {
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (!helped.add(m.group(1))) {
                    throw new IllegalArgumentException("second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (!helped.contains(m.group(1)) || p.types.put(m.group(1), m.group(2)) != null) {
                    throw new IllegalArgumentException("TYPE without HELP, or twice: " + line);
                }
                if (m.group(2).equals("counter") && !m.group(1).endsWith("_total")) {
                    throw new IllegalArgumentException("counter not named *_total: " + line);
                }
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                if (!p.types.containsKey(m.group(1))) {
                    throw new IllegalArgumentException("sample before its TYPE: " + line);
                }
                if (m.group(3) != null) {
                    checkLabels(m.group(3), line);
                }
                String key = m.group(2) == null ? m.group(1) : m.group(1) + m.group(2);
                if (p.samples.put(key, Double.parseDouble(m.group(4))) != null) {
                    throw new IllegalArgumentException("series twice: " + line);
                }
            } else {
                throw new IllegalArgumentException("not exposition format: \"" + line + "\"");
            }
        }
        return p;
    }

    private static void checkLabels(String labels, String line) {
        Matcher l = LABEL.matcher(labels);
        int at = 0;
        while (at < labels.length()) {
            if (!l.find(at) || l.start() != at) {
                throw new IllegalArgumentException("bad labels: " + line);
            }
            at = l.end();
        }
    }

    /** The value of a series, e.g. {@code stunnel_connections_total{service="s"}}; fails when it is missing. */
    public double value(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " in " + samples.keySet());
        }
        return v;
    }

    /** As {@link #value(String)}, as a whole number. */
    public long count(String series) {
        return (long) value(series);
    }

    /** {@code counter} or {@code gauge}, as the TYPE line said. */
    public String type(String metric) {
        return types.get(metric);
    }

    public Map<String, Double> samples() {
        return samples;
    }
}
