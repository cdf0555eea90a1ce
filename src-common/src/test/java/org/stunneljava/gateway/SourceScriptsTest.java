package org.stunneljava.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.Capabilities;
import org.stunneljava.testkit.IptablesScripts;
import org.stunneljava.testkit.NetNs;

/**
 * {@code iptables/source-up} and {@code source-down}, the policy routing stunnel's manual documents for
 * {@code transparent = source}, run inside a network namespace of the test's own: the mangle rules, the
 * {@code ip rule} and the local route they leave (IPv4 and IPv6), that running either twice changes nothing, that
 * tear-down leaves nothing behind, and the argument errors an operator gets. That the routing works is shown by
 * {@code net.TransparentSourceRoutingTest}.
 */
class SourceScriptsTest {
    private static NetNs.Result run(NetNs ns, String script, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = IptablesScripts.path(script).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return ns.exec(command);
    }

    private static NetNs namespace() throws Exception {
        Capabilities.command("iptables");
        NetNs ns = NetNs.create("src");
        ns.check("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** The mangle table's rules as {@code iptables -S} prints them, without the default policies. */
    private static List<String> mangle(NetNs ns, String tool) throws Exception {
        return ns.check(tool, "-w", "-t", "mangle", "-S").lines().filter(l -> !l.startsWith("-P ")).toList();
    }

    private static List<String> rules(NetNs ns, String family) throws Exception {
        return ns.check("ip", family, "rule", "show").lines().map(String::strip).toList();
    }

    /** The routes of a table; a table with no route left does not exist, which {@code ip} reports as an error. */
    private static List<String> table(NetNs ns, String family, String table) throws Exception {
        NetNs.Result r = ns.exec("ip", family, "route", "show", "table", table);
        return r.exitCode() == 0 ? r.output().lines().map(String::strip).toList() : List.of();
    }

    @Test
    void upMarksSocketTrafficAndRoutesItLocallyForBothFamiliesAndRunningItTwiceChangesNothing() throws Exception {
        try (NetNs ns = namespace()) {
            for (int i = 0; i < 2; i++) {
                NetNs.Result up = run(ns, "source-up");
                assertEquals(0, up.exitCode(), up.output());
            }
            List<String> mangle = List.of(
                    "-N STUNNEL_JAVA_SRC",
                    "-A PREROUTING -p tcp -m socket -j STUNNEL_JAVA_SRC",
                    "-A STUNNEL_JAVA_SRC -j MARK --set-xmark 0x1/0xffffffff",
                    "-A STUNNEL_JAVA_SRC -j ACCEPT");
            assertEquals(mangle, mangle(ns, "iptables"));
            assertEquals(mangle, mangle(ns, "ip6tables"));
            assertEquals(List.of("0:\tfrom all lookup local", "32765:\tfrom all fwmark 0x1 lookup 100",
                    "32766:\tfrom all lookup main", "32767:\tfrom all lookup default"), rules(ns, "-4"));
            assertEquals(List.of("0:\tfrom all lookup local", "32765:\tfrom all fwmark 0x1 lookup 100",
                    "32766:\tfrom all lookup main"), rules(ns, "-6"));
            assertEquals(List.of("local default dev lo scope host"), table(ns, "-4", "100"));
            assertEquals(List.of("local default dev lo metric 1024 pref medium"), table(ns, "-6", "100"));
            assertEquals("0", ns.check("cat", "/proc/sys/net/ipv4/conf/lo/rp_filter").strip(),
                    "as stunnel's manual says");
        }
    }

    @Test
    void downLeavesNoRuleNoChainNoRouteBehindAndRunningItAgainIsHarmless() throws Exception {
        try (NetNs ns = namespace()) {
            assertEquals(0, run(ns, "source-up").exitCode());
            for (int i = 0; i < 2; i++) {
                NetNs.Result down = run(ns, "source-down");
                assertEquals(0, down.exitCode(), down.output());
                assertEquals(List.of(), mangle(ns, "iptables"));
                assertEquals(List.of(), mangle(ns, "ip6tables"));
                assertTrue(rules(ns, "-4").stream().noneMatch(r -> r.contains("fwmark")), rules(ns, "-4").toString());
                assertTrue(rules(ns, "-6").stream().noneMatch(r -> r.contains("fwmark")), rules(ns, "-6").toString());
                assertEquals(List.of(), table(ns, "-4", "100"));
                assertEquals(List.of(), table(ns, "-6", "100"));
            }
        }
    }

    @Test
    void anotherMarkAndTableForOneFamilyLeaveTheOtherAloneAndDownRemovesOnlyOurRoute() throws Exception {
        try (NetNs ns = namespace()) {
            ns.check("ip", "-4", "route", "add", "blackhole", "192.0.2.0/24", "table", "1000");
            assertEquals(0, run(ns, "source-up", "--mark", "7", "--table", "1000", "--family", "4").exitCode());
            assertEquals(List.of(), mangle(ns, "ip6tables"), "--family 4 leaves IPv6 alone");
            assertEquals("-A STUNNEL_JAVA_SRC -j MARK --set-xmark 0x7/0xffffffff", mangle(ns, "iptables").get(2));
            assertTrue(rules(ns, "-4").contains("32765:\tfrom all fwmark 0x7 lookup 1000"), rules(ns, "-4").toString());
            assertEquals(List.of("local default dev lo scope host", "blackhole 192.0.2.0/24"),
                    table(ns, "-4", "1000"));

            assertEquals(0, run(ns, "source-down", "--mark", "7", "--table", "1000").exitCode());
            assertEquals(List.of(), mangle(ns, "iptables"));
            assertTrue(rules(ns, "-4").stream().noneMatch(r -> r.contains("fwmark")), rules(ns, "-4").toString());
            assertEquals(List.of("blackhole 192.0.2.0/24"), table(ns, "-4", "1000"), "an operator's own route stays");
        }
    }

    @Test
    void anOperatorsMistakesAreRefusedBeforeAnythingIsAdded() throws Exception {
        try (NetNs ns = namespace()) {
            assertRefused(ns, "source-up", "--mark needs a number", "--mark", "0");
            assertRefused(ns, "source-up", "--table needs a number", "--table", "main");
            assertRefused(ns, "source-up", "--table must not be a system table", "--table", "254");
            assertRefused(ns, "source-up", "--family is 4, 6 or both", "--family", "5");
            assertRefused(ns, "source-up", "unknown argument: --port", "--port", "9000");
            assertRefused(ns, "source-down", "--family is 4, 6 or both", "--family", "x");
            assertEquals(List.of(), mangle(ns, "iptables"));
            assertEquals(List.of(), table(ns, "-4", "100"));
        }
    }

    private static void assertRefused(NetNs ns, String script, String message, String... args) throws Exception {
        NetNs.Result r = run(ns, script, args);
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains(message), r.output());
    }
}
