package org.stunneljava.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.stunneljava.config.UserGroup;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.process.Posix;

/**
 * Gives a freshly bound unix {@code accept} socket the owner and group of its service's {@code setuid} and
 * {@code setgid}, as stunnel's {@code bind_port} does (with {@code lchown}: fchown does not work on unix sockets),
 * with its log lines. Errors are logged and ignored, as in stunnel: the service still starts. Stateless.
 */
final class UnixSocketOwner {
    private UnixSocketOwner() {
    }

    static void apply(Path socket, UserGroup owner, Log log) {
        if (!owner.isSet()) {
            return;
        }
        String ids = socket + ", UID=" + Integer.toUnsignedString(owner.uid()) + ", GID="
                + Integer.toUnsignedString(owner.gid());
        if (Posix.lchown(socket.toString(), owner.uid(), owner.gid()) == 0) {
            log.log(Severity.DEBUG, "Socket chown succeeded: " + ids);
            return;
        }
        Map<String, Object> now;
        try {
            now = Files.readAttributes(socket, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            log.log(Severity.ERR, socket + ": " + e.getMessage());
            return;
        }
        if (now.get("uid").equals(owner.uid()) && now.get("gid").equals(owner.gid())) {
            log.log(Severity.DEBUG, "Socket chown unneeded: " + ids);
        } else {
            log.log(Severity.ERR, "Socket chown failed: " + ids);
        }
    }
}
