package org.stunneljava.origdst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The original-destination payload: exact bytes both ways, and every malformed shape refused. */
class DestinationExtensionTest {
    private static final HexFormat HEX = HexFormat.of();

    private static InetSocketAddress at(String address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    @ParameterizedTest
    @CsvSource({
            "192.0.2.10, 443, 0104c000020a01bb",
            "10.0.0.1, 1, 01040a0000010001",
            "255.255.255.255, 65535, 0104ffffffffffff",
            "2001:db8::1, 8443, 010620010db8000000000000000000000001 20fb",
            "::1, 22, 010600000000000000000000000000000001 0016"})
    void encodesAndDecodesTheExactBytes(String address, int port, String hex) throws Exception {
        byte[] payload = HEX.parseHex(hex.replace(" ", ""));
        assertArrayEquals(payload, DestinationExtension.encode(at(address, port)));
        assertEquals(at(address, port), DestinationExtension.decode(payload));
    }

    @Test
    void anIpv4MappedIpv6DestinationTravelsAsIpv4() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByAddress(
                HEX.parseHex("00000000000000000000ffffc000020a")), 443);
        assertEquals("0104c000020a01bb", HEX.formatHex(DestinationExtension.encode(mapped)));
        // and a peer that sends the mapped form as family 6 still names the IPv4 destination
        assertEquals(at("192.0.2.10", 443),
                DestinationExtension.decode(HEX.parseHex("010600000000000000000000ffffc000020a01bb")));
    }

    @ParameterizedTest
    @CsvSource({
            "'', too short (0 bytes)",
            "01, too short (1 bytes)",
            "0204c000020a01bb, unknown version 2",
            "0004c000020a01bb, unknown version 0",
            "0105c000020a01bb, unknown address family 5",
            "0100c000020a01bb, unknown address family 0",
            "0104c000020a01, length 7 does not fit family 4",
            "0104c000020a01bb00, length 9 does not fit family 4",
            "0104, length 2 does not fit family 4",
            "0106c000020a01bb, length 8 does not fit family 6",
            "010620010db800000000000000000000000120fb00, length 21 does not fit family 6",
            "0106c000020a01bbc000020a01bbc000020a01, length 19 does not fit family 6",
            "0104c000020a0000, port 0"})
    void malformedPayloadsAreRefusedWithTheReason(String hex, String reason) {
        var e = assertThrows(DestinationExtension.MalformedException.class,
                () -> DestinationExtension.decode(HEX.parseHex(hex)));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void aMissingPayloadIsMalformed() {
        assertThrows(DestinationExtension.MalformedException.class, () -> DestinationExtension.decode(null));
    }

    @Test
    void onlyAResolvedDestinationWithAPortCanBeSent() {
        assertThrows(IllegalArgumentException.class,
                () -> DestinationExtension.encode(InetSocketAddress.createUnresolved("example.com", 443)));
        assertThrows(IllegalArgumentException.class, () -> DestinationExtension.encode(at("192.0.2.1", 0)));
    }

    @Test
    void theDefaultTypeIsFromThePrivateUseRangeAndIsNotRenegotiationInfo() {
        assertEquals(0xFF5B, DestinationExtension.DEFAULT_TYPE);
    }
}
