package org.stunneljava.tls;

/** The private key algorithms a service key may use; the handshake picks signature schemes from it. */
public enum KeyType {
    /** ECDSA; the curve is in the key's parameters. */
    EC,
    RSA,
    ED25519,
    ED448
}
