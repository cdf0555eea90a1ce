package org.stunneljava.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.origdst.AllowRuleException;

/** How a {@code protocolAllow} value splits into a host pattern or a network, and its ports; and what it matches. */
class DestinationRuleTest {
    @ParameterizedTest(name = "{0} is a {1} rule")
    @CsvSource(delimiterString = " | ", textBlock = """
            api.example.com:443              | host
            *.example.com:443,8443           | host
            *:*                              | host
            web*.example.com:80              | host
            ~^(api|www)\\.example\\.com$:443 | host
            ~a:b:443                         | host
            192.0.2.7:443                    | network
            10.0.0.0/8:*                     | network
            [2001:db8::]/32:443              | network
            2001:db8::/32:443                | network
            [::1]:8080                       | network
            """)
    void ClassifiesEachForm(String value, String kind) throws AllowRuleException {
        DestinationRule rule = DestinationRule.parse(value);
        assertEquals(kind, rule instanceof DestinationRule.HostRule ? "host" : "network");
        assertEquals(value, rule.text());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com                  | Invalid protocolAllow value "example.com": missing ":PORTS" (write HOST:PORTS; PORTS * allows every port)
            [::1]                        | Invalid protocolAllow value "[::1]": missing ":PORTS" (write HOST:PORTS; PORTS * allows every port)
            10.0.0.0/8                   | Invalid protocolAllow value "10.0.0.0/8": missing ":PORTS" (write HOST:PORTS; PORTS * allows every port)
            example.com:                 | Missing ports after ":": write * or a list such as 443,8000-8099
            example.com:http             | Invalid port "http": ports are numbers 1-65535 (service names are not allowed)
            example.com:9-3              | Invalid port range "9-3": the first port is above the last
            exa mple.com:443             | Invalid protocolAllow host "exa mple.com": a host name is labels of letters, digits, "-" and "_" separated by dots, with "*" as a wildcard (a regular expression starts with "~")
            a..b:443                     | Invalid protocolAllow host "a..b": a host name is labels of letters, digits, "-" and "_" separated by dots, with "*" as a wildcard (a regular expression starts with "~")
            10.0.*.*:443                 | Invalid protocolAllow host "10.0.*.*": wildcards are for host names; write an address range as ADDRESS/LEN (10.0.0.0/16)
            10.1:443                     | Invalid protocolAllow address "10.1": write an IPv4 address as four decimal numbers a.b.c.d or an IPv6 address; host names are not allowed
            10.1.2.3/8:443               | Address 10.1.2.3 has bits set beyond prefix length 8 (the network is 10.0.0.0/8)
            ~(:443                       | Invalid protocolAllow regular expression "(": Unclosed group near index 1
            ~:443                        | Invalid protocolAllow value "~:443": an empty regular expression after "~"
            [::1:443                     | Invalid protocolAllow address "[::1:443": missing "]"
            ' '                          | Empty protocolAllow value: write HOST:PORTS
            """)
    void RefusesWhatItCannotRead(String value, String message) {
        assertEquals(message, assertThrows(AllowRuleException.class, () -> DestinationRule.parse(value))
                .getMessage());
    }

    @ParameterizedTest(name = "{0} with {1}:{2} -> {3}")
    @CsvSource(delimiterString = " | ", textBlock = """
            api.example.com:443            | api.example.com       | 443  | true
            api.example.com:443            | API.Example.COM.      | 443  | true
            api.example.com:443            | api.example.com       | 80   | false
            api.example.com:443            | x.api.example.com     | 443  | false
            api.example.com:443            | api.example.com.evil  | 443  | false
            *.example.com:443              | a.example.com         | 443  | true
            *.example.com:443              | a.b.example.com       | 443  | true
            *.example.com:443              | example.com           | 443  | false
            *.example.com:443              | aexample.com          | 443  | false
            *.example.com:443              | a.example.com.evil    | 443  | false
            web*.example.com:80            | web.example.com       | 80   | true
            web*.example.com:80            | web12.example.com     | 80   | true
            web*.example.com:80            | web1.x.example.com    | 80   | false
            a.*.example.com:80             | a.b.example.com       | 80   | true
            a.*.example.com:80             | a.b.c.example.com     | 80   | false
            *:*                            | anything.at.all       | 1    | true
            ~^(api|www)[0-9]*\\.example\\.com$:443 | WWW7.example.com | 443 | true
            ~^(api|www)[0-9]*\\.example\\.com$:443 | mail.example.com | 443 | false
            ~example:443                   | example.com           | 443  | false
            ~.*example.*:443               | my.example.com        | 443  | true
            """)
    void HostRulesMatchWholeNamesIgnoringCaseAndOneTrailingDot(String rule, String name, int port,
                                                               boolean expected) throws AllowRuleException {
        DestinationRule.HostRule h = (DestinationRule.HostRule) DestinationRule.parse(rule);
        assertEquals(expected, h.matches(name, port));
    }
}
