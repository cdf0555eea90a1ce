package org.stunneljava.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.IptablesScripts;
import org.stunneljava.testkit.NetNs;

/**
 * {@code iptables/gateway-up} and {@code gateway-down}, run inside a network namespace of the test's own: the
 * REDIRECT rules they leave (IPv4 and IPv6), that running either twice changes nothing, that tear-down leaves no
 * rule and no chain behind, and the argument errors an operator gets.
 */
class GatewayScriptsTest {
    private static final String[] UP = {"--port", "9000", "--from", "10.9.0.0/24", "--from", "fd00:9::/64", "--in",
            "veth-app", "--local", "--exclude-uid", "nobody", "--dports", "80,443,1000:2000"};

    private static NetNs.Result run(NetNs ns, String script, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = IptablesScripts.path(script).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return ns.exec(command);
    }

    /** The nat table's rules as {@code iptables -S} prints them, without the default policies. */
    private static List<String> natRules(NetNs ns, String tool) throws Exception {
        NetNs.Result r = ns.exec(tool, "-w", "-t", "nat", "-S");
        assertEquals(0, r.exitCode(), r.output());
        return r.output().lines().filter(l -> !l.startsWith("-P ")).toList();
    }

    @Test
    void upRedirectsThroughOneChainOfItsOwnAndRunningItTwiceChangesNothing() throws Exception {
        Capabilities.command("iptables");
        try (NetNs ns = NetNs.create("gw")) {
            for (int i = 0; i < 2; i++) {
                NetNs.Result up = run(ns, "gateway-up", UP);
                assertEquals(0, up.exitCode(), up.output());
            }
            assertEquals(List.of(
                    "-N STUNNEL_JAVA",
                    "-A PREROUTING -s 10.9.0.0/24 -p tcp -j STUNNEL_JAVA",
                    "-A PREROUTING -i veth-app -p tcp -j STUNNEL_JAVA",
                    "-A OUTPUT -p tcp -m owner ! --uid-owner 65534 -j STUNNEL_JAVA",
                    "-A STUNNEL_JAVA -p tcp -m multiport --dports 80,443,1000:2000 -j REDIRECT --to-ports 9000"),
                    natRules(ns, "iptables"));
            assertEquals(List.of(
                    "-N STUNNEL_JAVA",
                    "-A PREROUTING -s fd00:9::/64 -p tcp -j STUNNEL_JAVA",
                    "-A PREROUTING -i veth-app -p tcp -j STUNNEL_JAVA",
                    "-A OUTPUT -p tcp -m owner ! --uid-owner 65534 -j STUNNEL_JAVA",
                    "-A STUNNEL_JAVA -p tcp -m multiport --dports 80,443,1000:2000 -j REDIRECT --to-ports 9000"),
                    natRules(ns, "ip6tables"));
        }
    }

    @Test
    void aSecondUpWithOtherPortsReplacesTheRedirectNotAddsToIt() throws Exception {
        Capabilities.command("iptables");
        try (NetNs ns = NetNs.create("gw")) {
            assertEquals(0, run(ns, "gateway-up", "--port", "9000", "--in", "eth1", "--family", "4").exitCode());
            assertEquals(0, run(ns, "gateway-up", "--port", "9001", "--in", "eth1", "--family", "4").exitCode());
            assertEquals(List.of(
                    "-N STUNNEL_JAVA",
                    "-A PREROUTING -i eth1 -p tcp -j STUNNEL_JAVA",
                    "-A STUNNEL_JAVA -p tcp -j REDIRECT --to-ports 9001"), natRules(ns, "iptables"));
            assertEquals(List.of(), natRules(ns, "ip6tables"), "--family 4 leaves IPv6 alone");
        }
    }

    @Test
    void downLeavesNoRuleAndNoChainBehindAndRunningItAgainIsHarmless() throws Exception {
        Capabilities.command("iptables");
        try (NetNs ns = NetNs.create("gw")) {
            assertEquals(0, run(ns, "gateway-up", UP).exitCode());
            for (int i = 0; i < 2; i++) {
                NetNs.Result down = run(ns, "gateway-down");
                assertEquals(0, down.exitCode(), down.output());
                assertEquals(List.of(), natRules(ns, "iptables"));
                assertEquals(List.of(), natRules(ns, "ip6tables"));
            }
        }
    }

    @Test
    void anOperatorsMistakesAreRefusedBeforeAnyRuleIsAdded() throws Exception {
        Capabilities.command("iptables");
        try (NetNs ns = NetNs.create("gw")) {
            assertRefused(ns, "--local needs --exclude-uid", "--port", "9000", "--local");
            assertRefused(ns, "--port needs a port", "--port", "0", "--in", "eth0");
            assertRefused(ns, "give --from, --in or --local", "--port", "9000");
            assertRefused(ns, "no such user: no-such-user-here", "--port", "9000", "--local", "--exclude-uid",
                    "no-such-user-here");
            assertRefused(ns, "--family is 4, 6 or both", "--port", "9000", "--in", "eth0", "--family", "5");
            assertEquals(List.of(), natRules(ns, "iptables"));
        }
    }

    private static void assertRefused(NetNs ns, String message, String... args) throws Exception {
        NetNs.Result r = run(ns, "gateway-up", args);
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains(message), r.output());
    }
}
