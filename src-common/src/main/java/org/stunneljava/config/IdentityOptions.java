package org.stunneljava.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.stunneljava.log.Severity;
import org.stunneljava.process.Posix;

/**
 * {@code setuid} and {@code setgid}, parsed as stunnel 5.68 parses them (options.c): the value is looked up as a
 * name first (getpwnam/getgrnam, so NSS sources count), then read as a number with {@code strtol} (the low 32 bits
 * kept, as the cast to {@code uid_t} does); anything else is {@code Illegal UID} / {@code Illegal GID}. Sections
 * inherit the global section's values.
 */
final class IdentityOptions {
    private int uid; // 0: not set
    private int gid; // 0: not set

    IdentityOptions copy() {
        IdentityOptions c = new IdentityOptions();
        c.uid = uid;
        c.gid = gid;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "setuid" -> uid = id(value, Posix::userId, "Illegal UID");
            case "setgid" -> gid = id(value, Posix::groupId, "Illegal GID");
            default -> {
                return false;
            }
        }
        return true;
    }

    private static int id(String value, Function<String, OptionalInt> database, String illegal) throws OptionError {
        OptionalInt named = database.apply(value);
        if (named.isPresent()) {
            return named.getAsInt();
        }
        Long number = CNumbers.wholeLong(value);
        if (number == null) {
            throw new OptionError(illegal);
        }
        return (int) number.longValue();
    }

    UserGroup build() {
        return new UserGroup(uid, gid);
    }

    /**
     * The global section's values: the identity the process drops to. stunnel calls only {@code setuid} when
     * {@code setgid} is missing, so the process keeps group 0 and its supplementary groups: done the same here,
     * with a warning that names the line.
     */
    UserGroup forProcess(Map<String, Origin> origins, List<StartupNotice> notices) {
        if (uid != 0 && gid == 0) {
            Origin at = origins.get("setuid");
            notices.add(new StartupNotice(Severity.WARNING, (at != null ? at.prefix() + ": " : "")
                    + "\"setuid\" without \"setgid\" keeps group ID 0 (root) and the supplementary groups, as"
                    + " stunnel does: add \"setgid\""));
        }
        return build();
    }
}
