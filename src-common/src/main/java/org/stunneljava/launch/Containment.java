package org.stunneljava.launch;

import java.util.Optional;
import org.stunneljava.config.GlobalConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.StunnelLog;
import org.stunneljava.process.DaemonChild;
import org.stunneljava.process.Privileges;

/**
 * What follows the binding of every listener, in stunnel's order ({@code main_configure}: bind_ports,
 * [change_root], drop_privileges; then {@code daemonize} and {@code create_pid}): the privilege drop to the global
 * {@code setuid}/{@code setgid}, then, in a daemon, the main thread's log id becomes {@code main} as stunnel's does
 * after its fork. The pid file comes after this, so it is created (and can be removed at exit) by the user the
 * process now runs as, as in stunnel. Stateless.
 */
final class Containment {
    private Containment() {
    }

    /** @throws StartupException stunnel's {@code setgid/setgroups/setuid: strerror (errno)} line */
    static void afterBind(GlobalConfig global, Log log) throws StartupException {
        Optional<String> failure = Privileges.drop(global.runAs(), log);
        if (failure.isPresent()) {
            throw new StartupException(failure.get());
        }
        if (DaemonChild.current().isPresent()) {
            StunnelLog.system().daemonized();
        }
    }
}
