package org.stunneljava.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.origdst.AllowRuleException;
import org.stunneljava.origdst.IpNetwork;
import org.stunneljava.origdst.LocalHost;

/**
 * The whole decision: names as requested by host rules, addresses as requested by network rules, and the addresses
 * a name resolves to either public or allowed by a network rule.
 */
class DestinationRulesTest {
    /** This host: one interface address besides loopback; the service listens on 8443. */
    private static final LocalHost LOCAL = new LocalHost(List.of(InetAddress.ofLiteral("203.0.113.10"),
            InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1")), Set.of(8443));

    private static DestinationRules rules(String list) throws AllowRuleException {
        List<DestinationRule> out = new ArrayList<>();
        for (String r : list.split(";")) {
            out.add(DestinationRule.parse(r));
        }
        return new DestinationRules(out);
    }

    private static String text(Decision d) {
        return switch (d) {
            case Decision.Allowed a -> "allowed " + a.rule();
            case Decision.Refused r -> "refused " + r.reason();
        };
    }

    @ParameterizedTest(name = "{1}:{2} with {0}")
    @CsvSource(delimiter = '|', textBlock = """
            *.example.com:443               | a.example.com | 443 | allowed *.example.com:443
            *.example.com:443               | a.example.com | 80  | refused no protocolAllow line matches
            10.0.0.0/8:*                    | a.example.com | 443 | refused no protocolAllow line matches
            10.0.0.0/8:*;api.example.com:*  | API.example.com | 1 | allowed api.example.com:*
            """)
    void NamesAreMatchedAsRequestedByHostRulesOnly(String list, String name, int port, String expected)
            throws AllowRuleException {
        assertEquals(expected, text(rules(list).requestedName(name, port)));
    }

    @ParameterizedTest(name = "{1}:{2} with {0}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8:443                  | 10.1.2.3        | 443  | allowed 10.0.0.0/8:443
            10.0.0.0/8:443                  | ::ffff:10.1.2.3 | 443  | allowed 10.0.0.0/8:443
            10.0.0.0/8:443                  | 10.1.2.3        | 22   | refused no protocolAllow line matches
            *:*                             | 198.51.100.1    | 443  | refused no protocolAllow line matches
            0.0.0.0/0:*                     | 127.0.0.1       | 80   | refused loopback needs a protocolAllow line inside 127.0.0.0/8 or ::1
            0.0.0.0/0:*                     | ::ffff:127.0.0.1 | 80  | refused loopback needs a protocolAllow line inside 127.0.0.0/8 or ::1
            127.0.0.1:80                    | 127.0.0.1       | 80   | allowed 127.0.0.1:80
            127.0.0.0/8:*                   | 127.0.0.1       | 8443 | refused it is this host's own listening port (loop)
            0.0.0.0/0:*                     | 0.0.0.0         | 80   | refused the unspecified address is not a destination
            [::]/0:*                        | ::              | 80   | refused the unspecified address is not a destination
            """)
    void AddressesAreMatchedByNetworkRulesWithTheExitServersPolicy(String list, String address, int port,
                                                                    String expected) throws AllowRuleException {
        assertEquals(expected, text(rules(list).requestedAddress(
                new InetSocketAddress(InetAddress.ofLiteral(address), port), LOCAL)));
    }

    @ParameterizedTest(name = "{1} with {0}")
    @CsvSource(delimiter = '|', textBlock = """
            *:443                           | 93.184.215.14;8.8.8.8 | allowed *:443
            *:443                           | 2606:4700::1111      | allowed *:443
            *:443                           | 8.8.8.8;127.0.0.1    | refused it resolves to 127.0.0.1:443: a name may reach a non-public or local address only through a protocolAllow address line
            *:443                           | ::1                  | refused it resolves to ::1:443: a name may reach a non-public or local address only through a protocolAllow address line
            *:443                           | ::ffff:127.0.0.1     | refused it resolves to 127.0.0.1:443: a name may reach a non-public or local address only through a protocolAllow address line
            *:443;0.0.0.0/0:443  | 127.0.0.1            | refused it resolves to 127.0.0.1:443: loopback needs a protocolAllow line inside 127.0.0.0/8 or ::1
            *:443                           | 10.0.0.5             | refused it resolves to 10.0.0.5:443: a name may reach a non-public or local address only through a protocolAllow address line
            *:443                           | 169.254.169.254      | refused it resolves to 169.254.169.254:443: a name may reach a non-public or local address only through a protocolAllow address line
            *:443                           | fd00::5              | refused it resolves to fd00::5:443: a name may reach a non-public or local address only through a protocolAllow address line
            *:443                           | 0.0.0.0              | refused it resolves to 0.0.0.0:443: the unspecified address is not a destination
            *:443                           | 203.0.113.10         | refused it resolves to 203.0.113.10:443: a name may reach a non-public or local address only through a protocolAllow address line
            *:443;10.0.0.0/8:443            | 10.0.0.5;10.0.0.6    | allowed *:443
            *:443;10.0.0.0/8:80             | 10.0.0.5             | refused it resolves to 10.0.0.5:443: a name may reach a non-public or local address only through a protocolAllow address line
            *:443;127.0.0.1:443             | 127.0.0.1            | allowed *:443
            """)
    void ResolvedNamesMustNotEscapeToNonPublicAddresses(String list, String addresses, String expected)
            throws AllowRuleException {
        List<InetSocketAddress> resolved = Arrays.stream(addresses.split(";"))
                .map(a -> new InetSocketAddress(InetAddress.ofLiteral(a), 443)).toList();
        assertEquals(expected, text(rules(list).resolvedName("*:443", resolved, LOCAL)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            10.0.0.1, true
            [2001:db8::1], true
            2001:db8::1, true
            ::ffff:127.0.0.1, true
            010.0.0.1, false
            10.1, false
            example.com, false
            [example.com], false
            fe80::1%eth0, false
            """)
    void OnlyPlainAddressLiteralsAreAddresses(String host, boolean literal) {
        assertEquals(literal, DestinationRules.literal(host).isPresent());
    }

    @Test
    void PublicMeansNoneOfIanasSpecialPurposeBlocks() {
        for (String a : List.of("8.8.8.8", "198.51.99.1", "2606:4700::1111", "::ffff:8.8.8.8")) {
            assertTrue(AddressScope.isPublic(IpNetwork.host(InetAddress.ofLiteral(a))), a);
        }
        for (String a : List.of("0.1.2.3", "10.0.0.1", "100.64.0.1", "127.0.0.1", "169.254.169.254", "172.31.0.1",
                "192.168.1.1", "198.18.0.1", "224.0.0.1", "255.255.255.255", "::", "::1", "::10.0.0.1",
                "::ffff:10.0.0.1", "fd00::1", "fe80::1", "ff02::1", "2001:db8::1", "64:ff9b:1::1")) {
            assertFalse(AddressScope.isPublic(IpNetwork.host(InetAddress.ofLiteral(a))), a);
        }
    }
}
