package org.stunneljava.tls;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One file named by {@code cert}, {@code key} or {@code CAfile}, read whole, with the names that go into error
 * messages. Immutable.
 */
record MaterialFile(String service, String option, Path path, byte[] bytes) {
    static MaterialFile read(String service, String option, Path path) throws TlsMaterialException {
        try {
            return new MaterialFile(service, option, path, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(service, option, path, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(service, option, path, "permission denied", e);
        } catch (IOException e) {
            throw new TlsMaterialException(service, option, path, "cannot read: " + e.getMessage(), e);
        }
    }

    TlsMaterialException error(String problem) {
        return new TlsMaterialException(service, option, path, problem);
    }

    TlsMaterialException error(String problem, Throwable cause) {
        return new TlsMaterialException(service, option, path, problem, cause);
    }

    /** PKCS#12 is DER (starts with a SEQUENCE tag) and has no PEM armour; PEM files are text. */
    boolean looksLikePkcs12() {
        return bytes.length > 0 && (bytes[0] & 0xff) == 0x30
                && !new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }
}
