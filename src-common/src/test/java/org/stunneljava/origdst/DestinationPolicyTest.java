package org.stunneljava.origdst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.stunneljava.origdst.DestinationPolicy.Verdict;

/** The whole decision: unspecified address, loops into our own listeners, loopback only when named, deny by default. */
class DestinationPolicyTest {
    /** This host in the table: two interface addresses; we listen on 443 and 8443. */
    private static final LocalHost LOCAL = new LocalHost(
            List.of(InetAddress.ofLiteral("192.0.2.10"), InetAddress.ofLiteral("2001:db8::10"),
                    InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1")),
            Set.of(443, 8443));

    /** Verdicts: {@code allowed RULE} or {@code refused REASON}. Rules are separated by {@code ;}. */
    @ParameterizedTest(name = "{1} port {2} with {0}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0/0:*                       | 198.51.100.1    | 443  | allowed 0.0.0.0/0:*
            0.0.0.0/0:*                       | 192.0.2.10      | 443  | refused LOOP
            0.0.0.0/0:*                       | 192.0.2.10      | 8443 | refused LOOP
            0.0.0.0/0:*                       | ::ffff:192.0.2.10 | 443 | refused LOOP
            0.0.0.0/0:*                       | 192.0.2.10      | 22   | allowed 0.0.0.0/0:*
            192.0.2.10:443                    | 192.0.2.10      | 443  | refused LOOP
            [::]/0:*                          | 2001:db8::10    | 443  | refused LOOP
            [::]/0:*                          | 2001:db8::11    | 443  | allowed [::]/0:*
            127.0.0.0/8:*                     | 127.0.0.1       | 443  | refused LOOP
            127.0.0.0/8:*                     | 127.9.9.9       | 443  | refused LOOP
            [::1]:*                           | ::1             | 8443 | refused LOOP
            0.0.0.0/0:*                       | 127.0.0.1       | 8080 | refused LOOPBACK_NOT_NAMED
            0.0.0.0/0:*                       | 127.1.2.3       | 8080 | refused LOOPBACK_NOT_NAMED
            [::]/0:*                          | ::1             | 8080 | refused LOOPBACK_NOT_NAMED
            [::ffff:0:0]/96:*                 | ::ffff:127.0.0.1 | 8080 | refused LOOPBACK_NOT_NAMED
            0.0.0.0/0:*;127.0.0.1:8080        | 127.0.0.1       | 8080 | allowed 127.0.0.1:8080
            127.0.0.0/8:8080                  | 127.0.0.1       | 8080 | allowed 127.0.0.0/8:8080
            127.0.0.0/8:8080                  | ::ffff:127.0.0.1 | 8080 | allowed 127.0.0.0/8:8080
            127.0.0.0/8:8080                  | 127.0.0.1       | 8081 | refused NOT_ALLOWED
            127.0.0.1:8080                    | 127.0.0.2       | 8080 | refused NOT_ALLOWED
            [::1]:8080                        | ::1             | 8080 | allowed [::1]:8080
            [::1]:8080                        | 127.0.0.1       | 8080 | refused NOT_ALLOWED
            10.0.0.0/8:443                    | 127.0.0.1       | 8080 | refused NOT_ALLOWED
            0.0.0.0/0:*                       | 0.0.0.0         | 80   | refused UNSPECIFIED
            0.0.0.0/32:*                      | 0.0.0.0         | 80   | refused UNSPECIFIED
            [::]/0:*                          | ::              | 80   | refused UNSPECIFIED
            [::]/128:*                        | ::              | 80   | refused UNSPECIFIED
            0.0.0.0/0:*                       | ::ffff:0.0.0.0  | 80   | refused UNSPECIFIED
            10.0.0.0/8:443                    | 198.51.100.1    | 443  | refused NOT_ALLOWED
            10.0.0.0/8:443                    | 10.0.0.1        | 443  | allowed 10.0.0.0/8:443
            """)
    void Decides(String rules, String address, int port, String expected) throws AllowRuleException {
        AllowList list = AllowList.parse(Arrays.asList(rules.split(";")));
        Verdict verdict = DestinationPolicy.decide(list,
                new InetSocketAddress(InetAddress.ofLiteral(address), port), LOCAL);
        assertEquals(expected, describe(verdict));
    }

    @Test
    void LoopbackIsOursEvenWhenTheInterfaceListOmitsIt() throws AllowRuleException {
        LocalHost bare = new LocalHost(List.of(), Set.of(443));
        AllowList list = AllowList.parse(List.of("127.0.0.0/8:*"));
        assertEquals("refused LOOP", describe(DestinationPolicy.decide(list,
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.53"), 443), bare)));
        assertEquals("allowed 127.0.0.0/8:*", describe(DestinationPolicy.decide(list,
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.53"), 53), bare)));
    }

    @Test
    void EmptyListRefusesEverything() {
        AllowList list = new AllowList(List.of());
        assertEquals("refused NOT_ALLOWED", describe(DestinationPolicy.decide(list,
                new InetSocketAddress(InetAddress.ofLiteral("198.51.100.1"), 443), LOCAL)));
    }

    @Test
    void InterfaceAddressesIncludeAnAddressWeCanBindTo() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.1"))) {
            LocalHost here = LocalHost.ofInterfaces(Set.of(s.getLocalPort()));
            assertTrue(here.isOwn(IpNetwork.host(s.getInetAddress())));
            assertTrue(here.isListening(s.getLocalPort()));
        }
    }

    @Test
    void RefusalsReadAsLogText() {
        assertEquals("no transparentAllow line matches", DestinationPolicy.Refusal.NOT_ALLOWED.text());
        assertEquals("it is this host's own listening port (loop)", DestinationPolicy.Refusal.LOOP.text());
    }

    private static String describe(Verdict verdict) {
        return switch (verdict) {
            case Verdict.Allowed a -> "allowed " + a.rule().text();
            case Verdict.Refused r -> "refused " + r.reason();
        };
    }
}
