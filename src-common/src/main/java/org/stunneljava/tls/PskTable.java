package org.stunneljava.tls;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.stunneljava.config.PskKey;
import org.stunneljava.config.PskOptions;

/**
 * A service's pre-shared keys as the handshakes use them: a server looks up the identity a client sent, a client
 * offers its one key. Immutable and shared by every connection of the service.
 */
public final class PskTable {
    public static final PskTable NONE = new PskTable(PskOptions.NONE);

    private final Map<String, PskKey> byIdentity = new HashMap<>();
    private final Optional<PskKey> clientKey;

    private PskTable(PskOptions options) {
        for (PskKey key : options.keys()) {
            byIdentity.putIfAbsent(latin1(key.identity()), key); // a repeated identity: the first line wins
        }
        this.clientKey = options.clientKey();
    }

    public static PskTable of(PskOptions options) {
        return options.enabled() ? new PskTable(options) : NONE;
    }

    /** {@code PSKsecrets} is set: PSK suites are offered or accepted, and a server needs no certificate. */
    public boolean enabled() {
        return !byIdentity.isEmpty();
    }

    /** Server: the key for the identity a client sent (compared byte for byte, as stunnel's strcmp does). */
    public Optional<PskKey> find(byte[] identity) {
        return Optional.ofNullable(byIdentity.get(latin1(identity)));
    }

    /** Client: the key to offer ({@code PSKidentity}, else the file's first); empty in server mode. */
    public Optional<PskKey> clientKey() {
        return clientKey;
    }

    /** ISO-8859-1 maps bytes to chars one to one: an exact map key for raw identity bytes. */
    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
