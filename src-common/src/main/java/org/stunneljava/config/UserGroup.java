package org.stunneljava.config;

/**
 * {@code setuid} and {@code setgid} as stunnel keeps them: numeric ids, 0 meaning "not set" (stunnel never calls
 * {@code setuid(0)}, and a unix socket is chowned only when one of the two is non-zero). In the global section they
 * are the identity the process drops to once it has bound its listeners; in every section (inherited from the
 * global one) the owner and group given to that service's unix {@code accept} sockets.
 *
 * @param uid {@code setuid}: a user name looked up in the user database, or a number; 0: not set
 * @param gid {@code setgid}: a group name looked up in the group database, or a number; 0: not set
 */
public record UserGroup(int uid, int gid) {
    public static final UserGroup NONE = new UserGroup(0, 0);

    /** Whether either id is set (stunnel's {@code opt->uid || opt->gid}). */
    public boolean isSet() {
        return uid != 0 || gid != 0;
    }
}
