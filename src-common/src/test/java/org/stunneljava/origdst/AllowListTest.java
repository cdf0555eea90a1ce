package org.stunneljava.origdst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Matching a destination against the allow-list by CIDR and port: first matching line wins, deny by default. */
class AllowListTest {

    /** Rules are separated by {@code ;} in the table; {@code -} means no rule matched. */
    @ParameterizedTest(name = "{0} vs {1} port {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8:443                         | 10.0.0.0          | 443   | 10.0.0.0/8:443
            10.0.0.0/8:443                         | 10.255.255.255    | 443   | 10.0.0.0/8:443
            10.0.0.0/8:443                         | 11.0.0.0          | 443   | -
            10.0.0.0/8:443                         | 9.255.255.255     | 443   | -
            10.0.0.0/8:443                         | 10.1.2.3          | 444   | -
            10.0.0.0/8:443                         | 10.1.2.3          | 442   | -
            192.0.2.7:22                           | 192.0.2.7         | 22    | 192.0.2.7:22
            192.0.2.7/32:22                        | 192.0.2.8         | 22    | -
            192.0.2.7/32:22                        | 192.0.2.6         | 22    | -
            192.0.2.128/25:*                       | 192.0.2.255       | 1     | 192.0.2.128/25:*
            192.0.2.128/25:*                       | 192.0.2.127       | 1     | -
            192.0.2.128/25:*                       | 192.0.2.128       | 65535 | 192.0.2.128/25:*
            0.0.0.0/0:443                          | 255.255.255.255   | 443   | 0.0.0.0/0:443
            0.0.0.0/0:443                          | 1.2.3.4           | 443   | 0.0.0.0/0:443
            0.0.0.0/0:443                          | 1.2.3.4           | 80    | -
            0.0.0.0/0:443                          | 2001:db8::1       | 443   | -
            128.0.0.0/1:*                          | 127.255.255.255   | 80    | -
            128.0.0.0/1:*                          | 128.0.0.0         | 80    | 128.0.0.0/1:*
            10.0.0.0/8:80,443,8000-8099            | 10.0.0.1          | 8000  | 10.0.0.0/8:80,443,8000-8099
            10.0.0.0/8:80,443,8000-8099            | 10.0.0.1          | 8099  | 10.0.0.0/8:80,443,8000-8099
            10.0.0.0/8:80,443,8000-8099            | 10.0.0.1          | 8100  | -
            10.0.0.0/8:80,443,8000-8099            | 10.0.0.1          | 7999  | -
            10.0.0.0/8:80,443,8000-8099            | 10.0.0.1          | 81    | -
            10.0.0.0/8:80,443,8000-8099            | 10.0.0.1          | 80    | 10.0.0.0/8:80,443,8000-8099
            10.0.0.0/8:1-65535                     | 10.0.0.1          | 1     | 10.0.0.0/8:1-65535
            10.0.0.0/8:*                           | 10.0.0.1          | 0     | -
            [2001:db8::]/32:443                    | 2001:db8::        | 443   | [2001:db8::]/32:443
            [2001:db8::]/32:443                    | 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff | 443 | [2001:db8::]/32:443
            [2001:db8::]/32:443                    | 2001:db9::        | 443   | -
            [2001:db8::]/32:443                    | 2001:db7:ffff:ffff:ffff:ffff:ffff:ffff | 443 | -
            [2001:db8::]/32:443                    | 2001:db8::1       | 80    | -
            2001:db8::/32:443                      | 2001:db8::5       | 443   | 2001:db8::/32:443
            [2001:db8::1]:443                      | 2001:db8::1       | 443   | [2001:db8::1]:443
            [2001:db8::1]/128:443                  | 2001:db8::2       | 443   | -
            [2001:db8::1]/128:443                  | 2001:db8::        | 443   | -
            [2001:db8:0:1::]/64:*                  | 2001:db8:0:1:ffff:ffff:ffff:ffff | 9 | [2001:db8:0:1::]/64:*
            [2001:db8:0:1::]/64:*                  | 2001:db8:0:2::    | 9     | -
            [2001:db8::]/65:*                      | 2001:db8::7fff:ffff:ffff:ffff | 9 | [2001:db8::]/65:*
            [2001:db8::]/65:*                      | 2001:db8::8000:0:0:0 | 9  | -
            [2001:db8::]/127:*                     | 2001:db8::1       | 9     | [2001:db8::]/127:*
            [2001:db8::]/127:*                     | 2001:db8::2       | 9     | -
            [::]/0:*                               | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | 1 | [::]/0:*
            [::]/0:*                               | 10.0.0.1          | 443   | -
            [::]/0:*                               | ::ffff:10.0.0.1   | 443   | -
            10.0.0.0/8:443                         | ::ffff:10.0.0.1   | 443   | 10.0.0.0/8:443
            10.0.0.0/8:443                         | ::ffff:11.0.0.1   | 443   | -
            [::ffff:10.0.0.0]/104:443              | 10.9.9.9          | 443   | [::ffff:10.0.0.0]/104:443
            [::ffff:10.0.0.0]/104:443              | ::ffff:10.9.9.9   | 443   | [::ffff:10.0.0.0]/104:443
            [::ffff:0:0]/96:443                    | 203.0.113.1       | 443   | [::ffff:0:0]/96:443
            [::ffff:0:0]/96:443                    | 2001:db8::1       | 443   | -
            [::192.0.2.7]:443                      | 192.0.2.7         | 443   | -
            10.0.0.0/8:22;10.1.0.0/16:*            | 10.1.0.1          | 22    | 10.0.0.0/8:22
            10.0.0.0/8:22;10.1.0.0/16:*            | 10.1.0.1          | 80    | 10.1.0.0/16:*
            10.0.0.0/8:22;10.1.0.0/16:*            | 10.2.0.1          | 80    | -
            10.0.0.0/8:22;[2001:db8::]/32:22       | 2001:db8::9       | 22    | [2001:db8::]/32:22
            """)
    void FirstMatchingLineAllows(String rules, String address, int port, String expected) throws Exception {
        AllowList list = AllowList.parse(List.of(rules.split(";")));
        Optional<AllowRule> match = list.match(new InetSocketAddress(InetAddress.ofLiteral(address), port));
        assertEquals(expected, match.map(AllowRule::text).orElse("-"));
    }

    @Test
    void MappedDestinationBuiltAsInet6AddressMatchesIpv4Rules() throws Exception {
        // InetAddress.getByAddress folds mapped bytes to Inet4Address; Inet6Address.getByAddress keeps them IPv6.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        Inet6Address v6 = Inet6Address.getByAddress(null, mapped, -1);
        AllowList list = AllowList.parse(List.of("[::]/0:*", "10.0.0.0/8:443"));
        assertEquals("10.0.0.0/8:443", list.match(new InetSocketAddress(v6, 443)).orElseThrow().text());
    }

    @Test
    void ScopeIdOfALinkLocalDestinationDoesNotHideAMatch() throws Exception {
        Inet6Address scoped = Inet6Address.getByAddress(null,
                InetAddress.ofLiteral("fe80::1").getAddress(), 3);
        AllowList list = AllowList.parse(List.of("[fe80::]/64:22"));
        assertTrue(list.match(new InetSocketAddress(scoped, 22)).isPresent());
    }

    @Test
    void EmptyListDeniesEverything() throws UnknownHostException {
        AllowList list = new AllowList(List.of());
        assertTrue(list.isEmpty());
        assertEquals(Optional.empty(), list.match(new InetSocketAddress(InetAddress.ofLiteral("10.0.0.1"), 443)));
    }

    @Test
    void UnresolvedDestinationIsAProgrammingError() throws AllowRuleException {
        AllowList list = AllowList.parse(List.of("0.0.0.0/0:*"));
        assertThrows(IllegalArgumentException.class,
                () -> list.match(InetSocketAddress.createUnresolved("example.com", 443)));
    }

    @Test
    void ListParseReportsTheFirstBadValue() {
        AllowRuleException e = assertThrows(AllowRuleException.class,
                () -> AllowList.parse(List.of("10.0.0.0/8:443", "10.0.0.0/8:9-3", "bad")));
        assertEquals("Invalid port range \"9-3\": the first port is above the last", e.getMessage());
    }

    @Test
    void RulesKeepConfigOrderAndCannotBeChanged() throws AllowRuleException {
        AllowList list = AllowList.parse(List.of("10.0.0.0/8:443", "[::1]:80"));
        assertEquals(List.of("10.0.0.0/8:443", "[::1]:80"), list.rules().stream().map(AllowRule::text).toList());
        assertThrows(UnsupportedOperationException.class, () -> list.rules().clear());
    }
}
