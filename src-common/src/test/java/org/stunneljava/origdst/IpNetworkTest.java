package org.stunneljava.origdst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Networks as log lines show them (RFC 5952 text), and the invariants every network keeps. */
class IpNetworkTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2001:db8:0:0:1:0:0:1     | 2001:db8::1:0:0:1
            2001:db8:0:1:1:1:1:1     | 2001:db8:0:1:1:1:1:1
            2001:0:0:1:0:0:0:1       | 2001:0:0:1::1
            0:0:0:0:0:0:0:0          | ::
            0:0:0:0:0:0:0:1          | ::1
            1:0:0:0:0:0:0:0          | 1::
            2001:DB8:AA:BB:CC:DD:EE:FF | 2001:db8:aa:bb:cc:dd:ee:ff
            ::ffff:10.0.0.1          | 10.0.0.1
            10.0.0.1                 | 10.0.0.1
            255.255.255.255          | 255.255.255.255
            """)
    void HostsRenderInRfc5952Text(String literal, String text) {
        assertEquals(text, IpNetwork.host(InetAddress.ofLiteral(literal)).render());
    }

    @Test
    void ANetworkCannotHoldHostBitsOrAWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(4, 0, 0x0a000001L, 8));
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(4, 0, 0, 33));
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(4, 0, 1L << 32, 32));
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(6, 0, 1, 127));
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(6, 0, 0, 129));
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(5, 0, 0, 0));
    }

    @Test
    void FamiliesNeverContainEachOther() {
        IpNetwork allV4 = new IpNetwork(4, 0, 0, 0);
        IpNetwork allV6 = new IpNetwork(6, 0, 0, 0);
        assertFalse(allV4.contains(IpNetwork.LOOPBACK_V6));
        assertFalse(allV6.contains(IpNetwork.LOOPBACK_V4));
        assertTrue(allV4.contains(IpNetwork.LOOPBACK_V4));
        assertFalse(IpNetwork.LOOPBACK_V4.contains(allV4));
    }
}
