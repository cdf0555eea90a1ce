package org.stunneljava.destination;

import java.util.regex.Pattern;
import org.stunneljava.origdst.AllowRuleException;
import org.stunneljava.origdst.PortSet;

/**
 * One {@code protocolAllow = HOST:PORTS} line: where a protocol server (socks, connect, https-proxy) may connect the
 * destination a client asks for. {@code PORTS} is {@code *} or a list of ports and {@code a-b} ranges, as in
 * {@code transparentAllow}, and is required. {@code HOST} is one of:
 * <ul>
 * <li>an address or network, as in {@code transparentAllow}: {@code 192.0.2.7}, {@code 10.0.0.0/8},
 *     {@code [2001:db8::]/32}, {@code 2001:db8::/32} (split at the last colon): a {@link NetworkRule};</li>
 * <li>a host name with wildcards: {@code api.example.com} (that name), {@code *.example.com} (any name under it,
 *     at any depth, not the name itself), {@code web*.example.com} ({@code *} inside a label matches within that
 *     label), {@code *} (any name): a {@link HostRule};</li>
 * <li>a regular expression after {@code ~}, matched against the whole name, ignoring case:
 *     {@code ~^(api|www)[0-9]*\.example\.com$:443}. Split at the last colon too, so the expression may hold
 *     colons.</li>
 * </ul>
 * Host rules match names as the client wrote them; network rules match addresses the client wrote and the
 * non-public addresses a name resolves to (see {@link DestinationRules}).
 */
public sealed interface DestinationRule permits DestinationRule.HostRule, DestinationRule.NetworkRule {
    String OPTION = "protocolAllow";

    /** The value as written, for log lines that name the rule. */
    String text();

    static DestinationRule parse(String value) throws AllowRuleException {
        String text = value.strip();
        if (text.isEmpty()) {
            throw new AllowRuleException("Empty " + OPTION + " value: write HOST:PORTS");
        }
        if (text.startsWith("~")) {
            return HostRule.regex(text);
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close >= 0 && text.indexOf(':', close) < 0) {
                throw missingPorts(text);
            }
            return NetworkRule.parse(text);
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw missingPorts(text);
        }
        String host = text.substring(0, colon).strip();
        if (host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c == '/' || (c >= '0' && c <= '9'))) {
            return NetworkRule.parse(text);
        }
        return HostRule.wildcard(text, host, PortSet.parse(text.substring(colon + 1)));
    }

    private static AllowRuleException missingPorts(String text) {
        return new AllowRuleException("Invalid " + OPTION + " value \"" + text + "\": missing \":PORTS\" (write"
                + " HOST:PORTS; PORTS * allows every port)");
    }

    /** A name pattern (wildcard or regular expression) and its ports. */
    record HostRule(String text, Pattern pattern, PortSet ports) implements DestinationRule {
        private static final Pattern LABEL_CHARS = Pattern.compile("[a-z0-9_*-]+");
        private static final Pattern ADDRESS_LIKE = Pattern.compile("[0-9.*]+");

        /** Whether {@code name} (as the client wrote it) and {@code port} fall under this rule. */
        public boolean matches(String name, int port) {
            return ports.contains(port) && pattern.matcher(DestinationRules.normalize(name)).matches();
        }

        static HostRule regex(String text) throws AllowRuleException {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw missingPorts(text);
            }
            String expression = text.substring(1, colon);
            if (expression.isEmpty()) {
                throw new AllowRuleException("Invalid " + OPTION + " value \"" + text + "\": an empty regular"
                        + " expression after \"~\"");
            }
            PortSet ports = PortSet.parse(text.substring(colon + 1));
            try {
                return new HostRule(text, Pattern.compile(expression, Pattern.CASE_INSENSITIVE), ports);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new AllowRuleException("Invalid " + OPTION + " regular expression \"" + expression + "\": "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }

        static HostRule wildcard(String text, String host, PortSet ports) throws AllowRuleException {
            String name = DestinationRules.normalize(host);
            if (name.equals("*")) {
                return new HostRule(text, Pattern.compile(".+", Pattern.DOTALL), ports);
            }
            String[] labels = name.split("\\.", -1);
            for (String label : labels) {
                if (!LABEL_CHARS.matcher(label).matches()) {
                    throw new AllowRuleException("Invalid " + OPTION + " host \"" + host + "\": a host name is"
                            + " labels of letters, digits, \"-\" and \"_\" separated by dots, with \"*\" as a"
                            + " wildcard (a regular expression starts with \"~\")");
                }
            }
            if (ADDRESS_LIKE.matcher(name).matches()) {
                throw new AllowRuleException("Invalid " + OPTION + " host \"" + host + "\": wildcards are for"
                        + " host names; write an address range as ADDRESS/LEN (10.0.0.0/16)");
            }
            StringBuilder regex = new StringBuilder();
            int first = 0;
            if (labels[0].equals("*") && labels.length > 1) {
                regex.append("(?:[^.]+\\.)+"); // *.example.com: one or more labels in front
                first = 1;
            }
            for (int i = first; i < labels.length; i++) {
                if (i > first) {
                    regex.append("\\.");
                }
                if (labels[i].equals("*")) {
                    regex.append("[^.]+"); // a whole label
                    continue;
                }
                String[] parts = labels[i].split("\\*", -1);
                for (int j = 0; j < parts.length; j++) {
                    if (j > 0) {
                        regex.append("[^.]*"); // * inside a label stays inside it
                    }
                    if (!parts[j].isEmpty()) {
                        regex.append(Pattern.quote(parts[j]));
                    }
                }
            }
            return new HostRule(text, Pattern.compile(regex.toString()), ports);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** An address or network and its ports: {@code transparentAllow}'s syntax, with the ports required. */
    record NetworkRule(org.stunneljava.origdst.AllowRule rule) implements DestinationRule {
        static NetworkRule parse(String text) throws AllowRuleException {
            return new NetworkRule(org.stunneljava.origdst.AllowRule.parse(text, OPTION));
        }

        @Override
        public String text() {
            return rule.text();
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
