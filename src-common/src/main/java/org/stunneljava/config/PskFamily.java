package org.stunneljava.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.stunneljava.log.Severity;

/**
 * {@code PSKsecrets} and {@code PSKidentity}. The secrets file is read when its line is applied, as stunnel reads
 * it while parsing (so the error names that line, and a global-section file is read once and shared by every
 * service); the identity is checked at the end of the section, in stunnel's order (after {@code connect}).
 */
final class PskFamily {
    private final Path workingDirectory;
    private final List<StartupNotice> notices;
    private String secrets;                  // none: PSK off
    private List<PskKey> keys = List.of();  // the file's keys, read when PSKsecrets was applied
    private String identity;                 // none: a client offers the file's first identity

    /** @param notices where the lines logged while reading a file go (shared with the whole load) */
    PskFamily(Path workingDirectory, List<StartupNotice> notices) {
        this.workingDirectory = workingDirectory;
        this.notices = notices;
    }

    PskFamily copy() {
        PskFamily c = new PskFamily(workingDirectory, notices);
        c.secrets = secrets;
        c.keys = keys;
        c.identity = identity;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "PSKsecrets" -> {
                PskSecretsFile.Contents contents = PskSecretsFile.read(value, workingDirectory);
                notices.addAll(contents.notices());
                secrets = value;
                keys = List.copyOf(contents.keys());
            }
            case "PSKidentity" -> identity = value;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** PSK satisfies stunnel's "TLS server needs a certificate" check. */
    boolean enabled() {
        return !keys.isEmpty();
    }

    /**
     * stunnel's end-of-section step (options.c, PSKidentity CMD_INITIALIZE): a client's identity must be in the
     * file; a server ignores it, with a notice. Without PSKsecrets the identity is ignored silently.
     */
    PskOptions build(boolean client, List<StartupNotice> sectionNotices) throws OptionError {
        if (!enabled()) {
            return PskOptions.NONE;
        }
        sectionNotices.add(new StartupNotice(Severity.INFO, "PSK identities: " + keys.size() + " retrieved"));
        Optional<PskKey> clientKey = Optional.empty();
        if (client) {
            clientKey = identity == null ? Optional.of(keys.get(0)) : Optional.of(find(identity));
        } else if (identity != null) {
            sectionNotices.add(new StartupNotice(Severity.NOTICE, "PSK identity is ignored in the server mode"));
        }
        return new PskOptions(Optional.of(workingDirectory.resolve(secrets)), keys, clientKey);
    }

    /** The first line of the file with this identity (stunnel's binary search finds one of equal ones). */
    private PskKey find(String wanted) throws OptionError {
        byte[] bytes = wanted.getBytes(StandardCharsets.UTF_8);
        return keys.stream().filter(k -> k.hasIdentity(bytes)).findFirst()
                .orElseThrow(() -> new OptionError("No key found for the specified PSK identity"));
    }
}
