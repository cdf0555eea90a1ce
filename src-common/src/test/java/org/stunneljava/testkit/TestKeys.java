package org.stunneljava.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key pairs for test certificates. RSA generation costs up to a second per key, so {@link #cached} keeps one key
 * pair per (algorithm, role) for the life of the JVM; certificates are still issued fresh by each
 * {@link TestPki}, so every test directory gets its own files. Owns nothing that needs closing.
 */
public final class TestKeys {
    /** The key algorithms the test kit can issue certificates for. */
    public enum Algorithm {
        EC_P256("SHA256withECDSA"), RSA_2048("SHA256withRSA"), ED25519("Ed25519"),
        EC_P384("SHA384withECDSA"), EC_P521("SHA512withECDSA"), ED448("Ed448");

        private final String signatureAlgorithm;

        Algorithm(String signatureAlgorithm) {
            this.signatureAlgorithm = signatureAlgorithm;
        }

        /** The JCA name of the signature an issuer with this key type makes. */
        public String signatureAlgorithm() {
            return signatureAlgorithm;
        }
    }

    private static final Map<String, KeyPair> CACHE = new ConcurrentHashMap<>();

    private TestKeys() {
    }

    /** The JVM-wide key pair for {@code role}: the same role always gets the same key in one test run. */
    public static KeyPair cached(Algorithm algorithm, String role) {
        return CACHE.computeIfAbsent(algorithm + "/" + role, k -> fresh(algorithm));
    }

    /** A newly generated key pair. */
    public static KeyPair fresh(Algorithm algorithm) {
        try {
            return switch (algorithm) {
                case EC_P256 -> ec("secp256r1");
                case EC_P384 -> ec("secp384r1");
                case EC_P521 -> ec("secp521r1");
                case RSA_2048 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    yield g.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                case ED448 -> KeyPairGenerator.getInstance("Ed448").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }
}
