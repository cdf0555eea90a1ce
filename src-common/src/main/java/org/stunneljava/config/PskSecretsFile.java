package org.stunneljava.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.stunneljava.log.Severity;

/**
 * Reads a {@code PSKsecrets} file as stunnel 5.68 does (options.c {@code psk_read}): one {@code IDENTITY:KEY} per
 * line, split at the first colon, nothing trimmed, no comments, empty lines skipped, carriage returns dropped. A
 * key that OpenSSL's {@code OPENSSL_hexstr2buf} accepts as a whole (pairs of hex digits, colons allowed between
 * pairs) is binary, any other key is its text. Keys must have 16 to 512 bytes ({@code PSK_MAX_PSK_LEN}), identities
 * at most 255 ({@code PSK_MAX_IDENTITY_LEN} with its terminating NUL). A bad file is an {@link OptionError} whose
 * details are stunnel's lines ({@code PSKsecrets line 2: Key shorter than 16 bytes}).
 */
final class PskSecretsFile {
    static final String FAILED = "Failed to read PSK secrets";
    private static final int MAX_IDENTITY = 256; // OpenSSL 3.0 PSK_MAX_IDENTITY_LEN, the NUL included
    private static final int MAX_KEY = 512;      // OpenSSL 3.0 PSK_MAX_PSK_LEN
    private static final int MIN_KEY = 16;       // stunnel: "shorter keys are unlikely to have sufficient entropy"

    /** The keys in file order and the lines stunnel logs while reading them. */
    record Contents(List<PskKey> keys, List<StartupNotice> notices) {
    }

    private PskSecretsFile() {
    }

    /** @param value the option's value as written (messages name it so); resolved against the working directory */
    static Contents read(String value, Path workingDirectory) throws OptionError {
        List<StartupNotice> notices = new ArrayList<>();
        byte[] content = load(value, workingDirectory, notices);
        List<PskKey> keys = new ArrayList<>();
        int lineNumber = 0;
        for (byte[] line : lines(content)) {
            lineNumber++;
            if (line.length > 0) {
                keys.add(parse(line, lineNumber, notices));
            }
        }
        if (keys.isEmpty()) {
            throw new OptionError(FAILED); // stunnel has no line to blame for an empty file
        }
        return new Contents(keys, notices);
    }

    private static byte[] load(String value, Path workingDirectory, List<StartupNotice> notices) throws OptionError {
        try {
            if (value.isEmpty()) {
                throw new NoSuchFileException(value); // stat("") fails; resolve("") would be the directory
            }
            Path file = workingDirectory.resolve(value);
            if (othersHaveAccess(file)) { // stunnel's stat() comes first: a missing file fails here
                notices.add(new StartupNotice(Severity.WARNING, "Insecure file permissions on " + value));
            }
            if (Files.isDirectory(file)) {
                return new byte[0]; // stunnel opens it, reads no line, and fails without a reason
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new OptionError(List.of("Cannot open PSKsecrets file"), FAILED, null);
            }
        } catch (IOException e) {
            throw new OptionError(List.of(value + ": " + ConfigParser.SystemErrors.describe(e)), FAILED, null);
        }
    }

    /** stunnel checks {@code st_mode & 7} only: any access for "others". */
    private static boolean othersHaveAccess(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (UnsupportedOperationException e) {
            Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class); // still fail if missing
            return false; // no POSIX permissions to judge
        }
    }

    /** stunnel's file_getline: lines end at LF, CRs vanish, and C string functions stop at a NUL byte. */
    private static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            lines.add(cString(Arrays.copyOfRange(content, start, end)));
            start = end + 1;
        }
        return lines;
    }

    private static byte[] cString(byte[] raw) {
        byte[] out = new byte[raw.length];
        int n = 0;
        for (byte b : raw) {
            if (b == 0) {
                break;
            }
            if (b != '\r') {
                out[n++] = b;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static PskKey parse(byte[] line, int lineNumber, List<StartupNotice> notices) throws OptionError {
        String where = "PSKsecrets line " + lineNumber + ": ";
        int colon = indexOf(line, (byte) ':');
        if (colon < 0) {
            throw new OptionError(List.of(where + "Not in identity:key format"), FAILED, null);
        }
        byte[] identity = Arrays.copyOfRange(line, 0, colon);
        if (identity.length + 1 > MAX_IDENTITY) {
            throw new OptionError(List.of(where + "Identity longer than " + MAX_IDENTITY + " characters"), FAILED,
                    null);
        }
        byte[] text = Arrays.copyOfRange(line, colon + 1, line.length);
        byte[] hex = OpenSslHex.decode(text);
        byte[] key = hex != null ? hex : text;
        PskKey psk = new PskKey(identity, key);
        notices.add(new StartupNotice(Severity.INFO, where + key.length + "-byte "
                + (hex != null ? "hexadecimal" : "ASCII") + " key configured for identity \""
                + psk.identityText() + "\""));
        if (key.length > MAX_KEY) {
            throw new OptionError(List.of(where + "Key longer than " + MAX_KEY + " bytes"), FAILED, null);
        }
        if (key.length < MIN_KEY) {
            throw new OptionError(List.of(where + "Key shorter than " + MIN_KEY + " bytes"), FAILED, null);
        }
        return psk;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
