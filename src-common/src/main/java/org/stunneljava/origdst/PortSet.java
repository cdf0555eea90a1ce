package org.stunneljava.origdst;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code PORTS} of a rule: {@code *} (every port) or a comma list of ports and {@code a-b} ranges, kept sorted
 * with overlapping and adjacent ranges merged. Port 0 is not a destination (connect() to it fails), so ports are
 * 1-65535. Immutable.
 */
public final class PortSet {
    public static final PortSet ALL = new PortSet(new int[] {1}, new int[] {65535});

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

    /** Parallel, sorted, disjoint, non-adjacent ranges: first[i]..last[i]. */
    private final int[] first;
    private final int[] last;

    private PortSet(int[] first, int[] last) {
        this.first = first;
        this.last = last;
    }

    public static PortSet parse(String text) throws AllowRuleException {
        String trimmed = text.strip();
        if (trimmed.equals("*")) {
            return ALL;
        }
        if (trimmed.isEmpty()) {
            throw new AllowRuleException("Missing ports after \":\": write * or a list such as 443,8000-8099");
        }
        List<int[]> ranges = new ArrayList<>();
        for (String item : trimmed.split(",", -1)) {
            ranges.add(range(item.strip(), trimmed));
        }
        return merged(ranges);
    }

    private static int[] range(String item, String list) throws AllowRuleException {
        if (item.equals("*")) {
            throw new AllowRuleException("Invalid port list \"" + list + "\": * stands alone, for every port");
        }
        if (item.isEmpty()) {
            throw new AllowRuleException("Invalid port list \"" + list + "\": empty entry");
        }
        int dash = item.indexOf('-');
        if (dash < 0) {
            int port = port(item);
            return new int[] {port, port};
        }
        String a = item.substring(0, dash).strip();
        String b = item.substring(dash + 1).strip();
        if (!NUMBER.matcher(a).matches() || !NUMBER.matcher(b).matches()) {
            throw new AllowRuleException("Invalid port range \"" + item + "\"");
        }
        int from = port(a);
        int to = port(b);
        if (from > to) {
            throw new AllowRuleException("Invalid port range \"" + item + "\": the first port is above the last");
        }
        return new int[] {from, to};
    }

    private static int port(String text) throws AllowRuleException {
        if (!NUMBER.matcher(text).matches()) {
            throw new AllowRuleException("Invalid port \"" + text + "\": ports are numbers 1-65535"
                    + " (service names are not allowed)");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new AllowRuleException("Invalid port \"" + text + "\": ports are 1-65535");
        }
        return port;
    }

    private static PortSet merged(List<int[]> ranges) {
        ranges.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> out = new ArrayList<>();
        for (int[] r : ranges) {
            int[] tail = out.isEmpty() ? null : out.getLast();
            if (tail != null && r[0] <= tail[1] + 1) {
                tail[1] = Math.max(tail[1], r[1]);
            } else {
                out.add(new int[] {r[0], r[1]});
            }
        }
        return new PortSet(out.stream().mapToInt(r -> r[0]).toArray(), out.stream().mapToInt(r -> r[1]).toArray());
    }

    public boolean contains(int port) {
        int i = Arrays.binarySearch(first, port);
        if (i >= 0) {
            return true;
        }
        int before = -i - 2;
        return before >= 0 && port <= last[before];
    }

    public boolean isAll() {
        return first.length == 1 && first[0] == 1 && last[0] == 65535;
    }

    /** Canonical text: {@code *}, or the merged list, e.g. {@code 22,80,8000-8099}. */
    @Override
    public String toString() {
        if (isAll()) {
            return "*";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < first.length; i++) {
            s.append(i == 0 ? "" : ",").append(first[i]);
            if (last[i] != first[i]) {
                s.append('-').append(last[i]);
            }
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet p && Arrays.equals(first, p.first) && Arrays.equals(last, p.last);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(first) + Arrays.hashCode(last);
    }
}
