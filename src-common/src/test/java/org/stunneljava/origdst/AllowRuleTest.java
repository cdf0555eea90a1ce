package org.stunneljava.origdst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** transparentAllow = ADDRESS[/LEN][:PORTS]: how values split, what they mean, and every way they are refused. */
class AllowRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8:443                | 4 | 10.0.0.0/8          | 443
            10.0.0.0/8                    | 4 | 10.0.0.0/8          | *
            192.0.2.7                     | 4 | 192.0.2.7           | *
            192.0.2.7:22                  | 4 | 192.0.2.7           | 22
            192.0.2.7/32:22               | 4 | 192.0.2.7           | 22
            0.0.0.0/0:443                 | 4 | 0.0.0.0/0           | 443
            0.0.0.0/0:*                   | 4 | 0.0.0.0/0           | *
            0.0.0.0/0                     | 4 | 0.0.0.0/0           | *
            10.0.0.0/8:80,443,8000-8099   | 4 | 10.0.0.0/8          | 80,443,8000-8099
            10.0.0.0/8:443, 80            | 4 | 10.0.0.0/8          | 80,443
            10.0.0.0/8:1-65535            | 4 | 10.0.0.0/8          | *
            10.0.0.0/8:8000-8099,8050-8200,8201 | 4 | 10.0.0.0/8    | 8000-8201
            10.0.0.0/8:443,443            | 4 | 10.0.0.0/8          | 443
            10.0.0.0/8:7-7                | 4 | 10.0.0.0/8          | 7
            10.0.0.0/8:0443               | 4 | 10.0.0.0/8          | 443
            10.0.0.0/8:65535              | 4 | 10.0.0.0/8          | 65535
            '  10.0.0.0/8:443  '          | 4 | 10.0.0.0/8          | 443
            [2001:db8::]/32:443           | 6 | 2001:db8::/32       | 443
            [2001:db8::]/32               | 6 | 2001:db8::/32       | *
            [2001:db8::1]:443             | 6 | 2001:db8::1         | 443
            [2001:db8::1]                 | 6 | 2001:db8::1         | *
            [2001:DB8:0:0:0:0:0:1]:443    | 6 | 2001:db8::1         | 443
            [::]/0:*                      | 6 | ::/0                | *
            [::1]:8080                    | 6 | ::1                 | 8080
            2001:db8::/32:443             | 6 | 2001:db8::/32       | 443
            2001:db8::1:443               | 6 | 2001:db8::1         | 443
            2001:db8::1:2                 | 6 | 2001:db8::1         | 2
            ::1:8080                      | 6 | ::1                 | 8080
            :::443                        | 6 | ::                  | 443
            ::/0:443,8443                 | 6 | ::/0                | 443,8443
            2001:db8:0:1::/64:22          | 6 | 2001:db8:0:1::/64   | 22
            [2001:db8::]/128:22           | 6 | 2001:db8::          | 22
            [::ffff:10.0.0.0]/104:443     | 4 | 10.0.0.0/8          | 443
            [::ffff:192.0.2.7]:443        | 4 | 192.0.2.7           | 443
            [::ffff:0:0]/96:443           | 4 | 0.0.0.0/0           | 443
            ::ffff:10.0.0.0/104:443       | 4 | 10.0.0.0/8          | 443
            [::192.0.2.7]:443             | 6 | ::c000:207          | 443
            """)
    void ValuesSplitIntoNetworkAndPorts(String value, int family, String network, String ports)
            throws AllowRuleException {
        AllowRule rule = AllowRule.parse(value);
        assertEquals(family, rule.network().family());
        assertEquals(network, rule.network().render());
        assertEquals(ports, rule.ports().toString());
        assertEquals(value.strip(), rule.text());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                         | Empty transparentAllow value: write ADDRESS[/LEN][:PORTS]
            example.com:443            | Invalid transparentAllow address "example.com": write an IPv4 address as four decimal numbers a.b.c.d or an IPv6 address; host names are not allowed
            localhost                  | Invalid transparentAllow address "localhost": write an IPv4 address as four decimal numbers a.b.c.d or an IPv6 address; host names are not allowed
            x                          | Invalid transparentAllow address "x": write an IPv4 address as four decimal numbers a.b.c.d or an IPv6 address; host names are not allowed
            10/8:443                   | Invalid transparentAllow address "10": write an IPv4 address as four decimal numbers a.b.c.d or an IPv6 address; host names are not allowed
            10.1:443                   | Invalid transparentAllow address "10.1": write an IPv4 address as four decimal numbers a.b.c.d or an IPv6 address; host names are not allowed
            010.0.0.1:443              | Invalid transparentAllow address "010.0.0.1": write an IPv4 address as four decimal numbers a.b.c.d or an IPv6 address; host names are not allowed
            0x7f.0.0.1:443             | Invalid transparentAllow address "0x7f.0.0.1": write an IPv4 address as four decimal numbers a.b.c.d or an IPv6 address; host names are not allowed
            256.0.0.1:443              | Invalid transparentAllow address "256.0.0.1": not an IP address; host names are not allowed
            :443                       | Invalid transparentAllow address "": an IP address is required
            /8:443                     | Invalid transparentAllow address "": an IP address is required
            [example.com]:443          | Invalid transparentAllow address "[example.com]": brackets are only for IPv6 addresses
            [10.0.0.1]:443             | Invalid transparentAllow address "[10.0.0.1]": brackets are only for IPv6 addresses
            [2001:db8::/32]:443        | Invalid transparentAllow address "[2001:db8::/32]": the prefix length goes after the bracket, as in [2001:db8::]/32
            [2001:db8::1:443           | Invalid transparentAllow address "[2001:db8::1:443": missing "]"
            [2001:db8::1]443           | Invalid transparentAllow value "[2001:db8::1]443": unexpected "443" after the address
            [2001:db8::1]:443x         | Invalid port "443x": ports are numbers 1-65535 (service names are not allowed)
            [2001:zz::1]:443           | Invalid transparentAllow address "2001:zz::1": not an IP address; host names are not allowed
            [fe80::1%eth0]:443         | Invalid transparentAllow address "fe80::1%eth0": a scope id (%) is not allowed
            fe80::1%eth0:443           | Invalid transparentAllow address "fe80::1%eth0": a scope id (%) is not allowed
            2001:db8::1                | Invalid transparentAllow address "2001:db8:": an IPv6 address without brackets is split at its last colon, so it needs ports (ADDRESS:PORTS); write [ADDRESS] or [ADDRESS]/LEN for all ports
            2001:db8::/32              | Invalid transparentAllow address "2001:db8:": an IPv6 address without brackets is split at its last colon, so it needs ports (ADDRESS:PORTS); write [ADDRESS] or [ADDRESS]/LEN for all ports
            ::1                        | Invalid transparentAllow address ":": an IPv6 address without brackets is split at its last colon, so it needs ports (ADDRESS:PORTS); write [ADDRESS] or [ADDRESS]/LEN for all ports
            10.0.0.0/33:443            | Prefix length 33 is too long for an IPv4 address
            [2001:db8::]/129:443       | Prefix length 129 is too long for an IPv6 address
            2001:db8::/129:443         | Prefix length 129 is too long for an IPv6 address
            10.0.0.0/:443              | Invalid prefix length ""
            10.0.0.0/x:443             | Invalid prefix length "x"
            10.0.0.0/-1:443            | Invalid prefix length "-1"
            10.0.0.0/8/8:443           | Invalid prefix length "8/8"
            10.0.0.0/0008:443          | Invalid prefix length "0008"
            [2001:db8::]/:443          | Invalid prefix length ""
            10.1.2.3/8:443             | Address 10.1.2.3 has bits set beyond prefix length 8 (the network is 10.0.0.0/8)
            0.0.0.1/0:443              | Address 0.0.0.1 has bits set beyond prefix length 0 (the network is 0.0.0.0/0)
            [2001:db8::1]/32:443       | Address 2001:db8::1 has bits set beyond prefix length 32 (the network is 2001:db8::/32)
            [::ffff:10.0.0.0]/80:443   | Address ::ffff:10.0.0.0 has bits set beyond prefix length 80 (the network is ::/80)
            10.0.0.0/8:                | Missing ports after ":": write * or a list such as 443,8000-8099
            [2001:db8::]/32:           | Missing ports after ":": write * or a list such as 443,8000-8099
            10.0.0.0/8:0               | Invalid port "0": ports are 1-65535
            10.0.0.0/8:65536           | Invalid port "65536": ports are 1-65535
            10.0.0.0/8:9999999999      | Invalid port "9999999999": ports are numbers 1-65535 (service names are not allowed)
            10.0.0.0/8:https           | Invalid port "https": ports are numbers 1-65535 (service names are not allowed)
            10.0.0.0/8:+443            | Invalid port "+443": ports are numbers 1-65535 (service names are not allowed)
            10.0.0.0/8:9-3             | Invalid port range "9-3": the first port is above the last
            10.0.0.0/8:0-80            | Invalid port "0": ports are 1-65535
            10.0.0.0/8:80-65536        | Invalid port "65536": ports are 1-65535
            10.0.0.0/8:80-             | Invalid port range "80-"
            10.0.0.0/8:-80             | Invalid port range "-80"
            10.0.0.0/8:1-2-3           | Invalid port range "1-2-3"
            10.0.0.0/8:a-b             | Invalid port range "a-b"
            10.0.0.0/8:80,,443         | Invalid port list "80,,443": empty entry
            10.0.0.0/8:80,             | Invalid port list "80,": empty entry
            10.0.0.0/8:*,443           | Invalid port list "*,443": * stands alone, for every port
            10.0.0.0/8:**              | Invalid port "**": ports are numbers 1-65535 (service names are not allowed)
            """)
    void BadValuesGiveAConfigErrorReason(String value, String message) {
        assertEquals(message, assertThrows(AllowRuleException.class, () -> AllowRule.parse(value)).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:8080         | true
            127.0.0.0/8:*          | true
            127.10.0.0/16:22       | true
            [::1]:8080             | true
            [::ffff:127.0.0.1]:80  | true
            0.0.0.0/0:*            | false
            64.0.0.0/2:*           | false
            126.0.0.0/7:*          | false
            [::]/0:*               | false
            [::]/127:*             | false
            [::ffff:0:0]/96:*      | false
            10.0.0.1:8080          | false
            """)
    void OnlyANetworkInsideLoopbackNamesLoopback(String value, boolean names) throws AllowRuleException {
        assertEquals(names, AllowRule.parse(value).namesLoopback());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8:443
            [2001:db8::]/32:443,8443
            0.0.0.0/0:*
            """)
    void RulesAreValuesEqualByContent(String value) throws AllowRuleException {
        assertEquals(AllowRule.parse(value), AllowRule.parse(value));
        assertEquals(AllowRule.parse(value).hashCode(), AllowRule.parse(value).hashCode());
        assertTrue(AllowRule.parse(value).network().contains(AllowRule.parse(value).network()));
        assertFalse(AllowRule.parse(value).ports().contains(0));
    }
}
