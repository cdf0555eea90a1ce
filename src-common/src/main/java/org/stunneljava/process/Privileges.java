package org.stunneljava.process;

import java.util.Optional;
import org.stunneljava.config.UserGroup;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The privilege drop of stunnel's {@code drop_privileges(1)} (stunnel.c), made once every listener is bound:
 * {@code setgid(gid)} and {@code setgroups(1, {gid})} when a group is set, then {@code setuid(uid)} when a user is
 * set, in that order (the group calls need root, so they come first). Through glibc, so every thread of the JVM
 * changes (see {@link Posix}). A failure is stunnel's {@code sockerror()} line ({@code setgid: Operation not
 * permitted (1)}) and stops the start-up, as in stunnel. Stateless.
 */
public final class Privileges {
    private Privileges() {
    }

    /**
     * @return the error line of the call that failed, if one did; the process then keeps whatever the calls
     *         before it changed, and the caller exits
     */
    public static Optional<String> drop(UserGroup runAs, Log log) {
        if (runAs.gid() != 0) {
            int errno = Posix.setgid(runAs.gid());
            if (errno != 0) {
                return Optional.of("setgid: " + Posix.describe(errno));
            }
            errno = Posix.setgroups(runAs.gid());
            if (errno != 0) {
                return Optional.of("setgroups: " + Posix.describe(errno));
            }
        }
        if (runAs.uid() != 0) {
            int errno = Posix.setuid(runAs.uid());
            if (errno != 0) {
                return Optional.of("setuid: " + Posix.describe(errno));
            }
        }
        if (runAs.isSet()) {
            // stunnel logs nothing here; one debug line says what the process runs as from now on
            log.log(Severity.DEBUG, "Privileges dropped: UID=" + Integer.toUnsignedString(runAs.uid()) + ", GID="
                    + Integer.toUnsignedString(runAs.gid()));
        }
        return Optional.empty();
    }
}
