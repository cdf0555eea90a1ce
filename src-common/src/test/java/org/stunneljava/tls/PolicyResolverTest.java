package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.TlsPolicy;
import org.stunneljava.config.TlsVersion;

@DisplayName("A service's policy becomes the versions, suites and groups it negotiates")
class PolicyResolverTest {
    private static final HybridTlsCrypto CRYPTO = new HybridTlsCrypto(new SecureRandom());

    private static TlsPolicy policy(String ciphers, String ciphersuites, String curves, Set<String> options,
                                    int level) {
        return new TlsPolicy(Optional.ofNullable(ciphers), Optional.ofNullable(ciphersuites),
                Optional.ofNullable(curves), options, level, true);
    }

    private static PolicyResolver.Resolved resolve(TlsPolicy policy, boolean client) throws PolicyException {
        return PolicyResolver.start(policy).finish(TlsVersion.TLSv1, TlsVersion.TLSv1_3, client, false, CRYPTO);
    }

    private static List<String> names(int[] suites) {
        return Arrays.stream(suites).mapToObj(SuiteNames::openssl).toList();
    }

    @Test
    void stunnelsDefaults() throws PolicyException {
        PolicyResolver.Resolved r = resolve(TlsPolicy.DEFAULT, false);
        assertArrayEquals(new ProtocolVersion[]{ProtocolVersion.TLSv13, ProtocolVersion.TLSv12}, r.versions(),
                "security level 2 leaves out TLS 1.0 and 1.1, as OpenSSL 3.0 does");
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384"), names(r.suites()).subList(0, 5));
        assertTrue(names(r.suites()).contains("AES128-GCM-SHA256"), "HIGH includes RSA key transport");
        assertFalse(names(r.suites()).stream().anyMatch(n -> n.contains("PSK")), "no PSK suites without PSKsecrets");
        assertFalse(names(r.suites()).stream().anyMatch(n -> n.startsWith("DHE-")), "!DH");
        assertArrayEquals(TlsDefaults.GROUPS, r.groups());
        assertEquals(NegotiationPolicy.DEFAULT, r.negotiation());
    }

    @Test
    void pskSuitesOnlyWithPreSharedKeys() throws PolicyException {
        PolicyResolver.Resolved r = PolicyResolver.start(TlsPolicy.DEFAULT)
                .finish(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3, false, true, CRYPTO);
        assertTrue(names(r.suites()).contains("ECDHE-PSK-AES256-CBC-SHA384"));
        assertFalse(names(r.suites()).contains("DHE-PSK-AES256-GCM-SHA384"), "!kDHEPSK");
    }

    @Test
    void securityLevelsFilterSuitesGroupsAndVersions() throws PolicyException {
        PolicyResolver.Resolved zero = resolve(policy("ALL:COMPLEMENTOFALL", null, null, Set.of(), 0), false);
        assertEquals(4, zero.versions().length, "level 0: TLS 1.0 to 1.3");
        assertTrue(names(zero.suites()).contains("NULL-SHA256"), "level 0 allows NULL encryption");

        PolicyResolver.Resolved three = resolve(policy("HIGH", null, null, Set.of(), 3), false);
        assertFalse(names(three.suites()).contains("AES128-GCM-SHA256"), "level 3: forward secrecy only");
        assertTrue(names(three.suites()).contains("ECDHE-RSA-AES128-GCM-SHA256"));

        PolicyResolver.Resolved four = resolve(policy("HIGH", null, null, Set.of(), 4), false);
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"),
                names(four.suites()).subList(0, 2), "level 4: 192 bits, so no AES-128");
        assertFalse(names(four.suites()).stream().anyMatch(n -> n.contains("128") || n.endsWith("-SHA")),
                "level 4: no 128-bit suites, no SHA-1 MAC");
        assertArrayEquals(new int[]{NamedGroup.x448, NamedGroup.secp521r1, NamedGroup.secp384r1}, four.groups());

        PolicyResolver.Resolved five = resolve(policy(null, null, null, Set.of(), 5), false);
        assertArrayEquals(new int[]{NamedGroup.secp521r1}, five.groups());
    }

    @Test
    void atSeclevelInTheCipherStringOverridesSecurityLevel() throws PolicyException {
        PolicyResolver resolver = PolicyResolver.start(policy("HIGH:@SECLEVEL=0", null, null, Set.of(), 3));
        assertEquals(0, resolver.securityLevel().level());
    }

    @Test
    void versionOptionsAndHoles() throws PolicyException {
        assertArrayEquals(new ProtocolVersion[]{ProtocolVersion.TLSv12},
                resolve(policy(null, null, null, Set.of("NO_TLSv1_3"), 2), false).versions());
        TlsPolicy hole = policy(null, null, null, Set.of("NO_TLSv1_2"), 0);
        assertArrayEquals(new ProtocolVersion[]{ProtocolVersion.TLSv13, ProtocolVersion.TLSv11,
                ProtocolVersion.TLSv10}, resolve(hole, false).versions(), "a server accepts around a hole");
        assertArrayEquals(new ProtocolVersion[]{ProtocolVersion.TLSv13}, resolve(hole, true).versions(),
                "a client offers nothing below a hole");
    }

    @Test
    void aVersionWithoutSuitesIsLeftOut() throws PolicyException {
        assertArrayEquals(new ProtocolVersion[]{ProtocolVersion.TLSv12},
                resolve(policy(null, "", null, Set.of(), 2), false).versions(), "empty ciphersuites: no TLS 1.3");
        assertArrayEquals(new ProtocolVersion[]{ProtocolVersion.TLSv13},
                resolve(policy("PSK", null, null, Set.of(), 2), true).versions(), "PSK suites need PSKsecrets");
        PolicyException e = assertThrows(PolicyException.class,
                () -> resolve(policy(null, "", null, Set.of("NO_TLSv1_2"), 2), false));
        assertNull(e.option());
        assertEquals("no protocol version left to negotiate: TLSv1.3 has no usable suite in ciphersuites, TLSv1.2 is "
                + "disabled by options = NO_TLSv1_2, TLSv1.1 is below security level 2, TLSv1 is below security "
                + "level 2", e.getMessage());
    }

    @Test
    void ciphersuitesAddTls12NamesAheadOfTheCipherList() throws PolicyException {
        PolicyResolver.Resolved r = resolve(policy("ECDHE-ECDSA-AES128-GCM-SHA256",
                "TLS_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", null, Set.of(), 2), false);
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256"),
                names(r.suites()));
    }

    @Test
    void negotiationOptions() throws PolicyException {
        NegotiationPolicy n = resolve(policy(null, null, null,
                Set.of("CIPHER_SERVER_PREFERENCE", "PRIORITIZE_CHACHA", "NO_EXTENDED_MASTER_SECRET"), 1), false)
                .negotiation();
        assertEquals(new NegotiationPolicy(true, true, false, false, new SecurityLevel(1)), n);
    }

    @Test
    void errorsCarryStunnelsLineAndTheOption() {
        PolicyException ciphers = assertThrows(PolicyException.class,
                () -> PolicyResolver.start(policy("FOO", null, null, Set.of(), 2)));
        assertEquals("ciphers", ciphers.option());
        assertEquals(List.of("SSL_CTX_set_cipher_list: error:0A0000B9:SSL routines::no cipher match"),
                ciphers.stunnelLines());
        assertTrue(ciphers.getMessage().startsWith("no cipher suite matches \"FOO\"; accepted: "), ciphers.getMessage());
        assertTrue(ciphers.getMessage().contains("ECDHE-ECDSA-AES128-GCM-SHA256"));

        PolicyException suites = assertThrows(PolicyException.class,
                () -> PolicyResolver.start(policy(null, "TLS_FOO", null, Set.of(), 2)));
        assertEquals(List.of("SSL_CTX_set_ciphersuites: error:0A0000B9:SSL routines::no cipher match"),
                suites.stunnelLines());

        PolicyException curves = assertThrows(PolicyException.class,
                () -> resolve(policy(null, null, "P-256:FOO", Set.of(), 2), false));
        assertEquals("curves", curves.option());
        assertEquals(List.of("Invalid groups list in 'curves'"), curves.stunnelLines());
        assertTrue(curves.getMessage().startsWith("unknown group \"FOO\"; accepted (case-sensitive): sect163k1, "),
                curves.getMessage());
    }

    @Test
    void ownKeyAgainstTheLevel() throws PolicyException {
        AsymmetricKeyParameter rsa1024 = rsa(1024);
        PolicyResolver.start(policy(null, null, null, Set.of(), 1)).checkOwnKey(rsa1024);
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyResolver.start(TlsPolicy.DEFAULT).checkOwnKey(rsa1024));
        assertEquals("cert", e.option());
        assertEquals(List.of("SSL_CTX_use_certificate_chain_file: error:0A00018F:SSL routines::ee key too small"),
                e.stunnelLines());
        assertEquals("the certificate's RSA 1024-bit key offers 80 bits of security; security level 2 needs 112"
                + " (RSA 2048 bits, EC 224 bits)", e.getMessage());
        AsymmetricKeyParameter p256 = ec("secp256r1");
        PolicyResolver.start(policy(null, null, null, Set.of(), 3)).checkOwnKey(p256);
        assertThrows(PolicyException.class,
                () -> PolicyResolver.start(policy(null, null, null, Set.of(), 4)).checkOwnKey(p256));
    }

    @Test
    void securityBitsOfKeys() {
        assertEquals(112, SecurityLevel.rsaDhBits(2048));
        assertEquals(128, SecurityLevel.rsaDhBits(3072));
        assertEquals(80, SecurityLevel.rsaDhBits(2047));
        assertEquals(128, SecurityLevel.bitsOf(ec("secp256r1")));
        assertEquals(192, SecurityLevel.bitsOf(ec("secp384r1")));
        assertEquals(256, SecurityLevel.bitsOf(ec("secp521r1")));
        assertEquals(224, SecurityLevel.bitsOf(new org.bouncycastle.crypto.params.Ed448PrivateKeyParameters(
                new SecureRandom())));
    }

    @Test
    void suiteNamesAndBitsAreOpensslsAsStunnelLogsThem() {
        assertEquals("ECDHE-ARIA256-GCM-SHA384", SuiteNames.openssl(CipherSuite.TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384));
        assertEquals("AES128-GCM-SHA256", SuiteNames.openssl(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
        assertEquals("TLS_AES_128_GCM_SHA256", SuiteNames.openssl(CipherSuite.TLS_AES_128_GCM_SHA256));
        assertEquals(128, SuiteNames.bits(CipherSuite.TLS_AES_128_GCM_SHA256));
        assertEquals(256, SuiteNames.bits(CipherSuite.TLS_CHACHA20_POLY1305_SHA256));
        assertEquals(0, SuiteNames.bits(CipherSuite.TLS_RSA_WITH_NULL_SHA256));
    }

    private static AsymmetricKeyParameter rsa(int bits) {
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), bits, 80));
        return g.generateKeyPair().getPrivate();
    }

    private static AsymmetricKeyParameter ec(String curve) {
        X9ECParameters x9 = SECNamedCurves.getByName(curve);
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECDomainParameters(x9), new SecureRandom()));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        return pair.getPrivate();
    }
}
