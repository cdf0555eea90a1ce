package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TLS 1.2 server choices under curves and options; DHE groups a client accepts")
class ServerChoicesTest {
    private static final int[] OURS = {NamedGroup.secp384r1, NamedGroup.x25519, NamedGroup.ffdhe2048};

    @Test
    void theGroupIsOneBothSidesHaveInTheClientsOrderUnlessTheServerPrefers() {
        int[] client = {NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1};
        assertEquals(NamedGroup.x25519, ServerChoices.selectEcGroup(client, OURS, false, 1));
        assertEquals(NamedGroup.secp384r1, ServerChoices.selectEcGroup(client, OURS, true, 1));
        assertEquals(-1, ServerChoices.selectEcGroup(new int[]{NamedGroup.secp256r1}, OURS, false, 1));
        assertEquals(NamedGroup.secp384r1, ServerChoices.selectEcGroup(null, OURS, false, 1),
                "a client without the extension takes ours (RFC 4492 section 4)");
    }

    @Test
    void noCommonCurveMakesEcdheSuitesUnselectable() {
        assertEquals(0, ServerChoices.maxCurveBits(new int[]{NamedGroup.secp256r1}, OURS));
        assertEquals(384, ServerChoices.maxCurveBits(new int[]{NamedGroup.secp384r1}, OURS));
    }

    @Test
    void chachaGoesFirstOnlyForAClientThatPutsItFirst() {
        int[] ours = {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};
        assertArrayEquals(new int[]{CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384}, ServerChoices.chachaFirst(ours,
                new int[]{CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256}));
        assertArrayEquals(ours, ServerChoices.chachaFirst(ours,
                new int[]{CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384}));
    }

    @Test
    void safePrimeGroupsPassOthersDoNot() {
        var rfc2409 = DHStandardGroups.rfc2409_1024;
        assertTrue(DhGroupCheck.safePrimeGroup(rfc2409.getP(), rfc2409.getG()));
        assertFalse(DhGroupCheck.safePrimeGroup(rfc2409.getP(), BigInteger.ONE), "g = 1");
        assertFalse(DhGroupCheck.safePrimeGroup(rfc2409.getP().subtract(BigInteger.TWO), BigInteger.TWO),
                "p not prime");
        BigInteger prime = BigInteger.probablePrime(512, new java.util.Random(7));
        assertFalse(prime.shiftRight(1).isProbablePrime(64), "precondition: not a safe prime");
        assertFalse(DhGroupCheck.safePrimeGroup(prime, BigInteger.TWO), "prime, but (p-1)/2 is not");
    }
}
