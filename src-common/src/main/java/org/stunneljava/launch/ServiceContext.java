package org.stunneljava.launch;

import java.util.function.Supplier;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.ConnectionIds;
import org.stunneljava.log.Log;
import org.stunneljava.log.StunnelLog;

/** What a mode needs from the running program to build a service's handler: the process log and connection logs. */
public final class ServiceContext {
    /** A new connection log per call: the next sequential id, the service's {@code debug} level. */
    public Supplier<Log> connectionLogs(ServiceConfig service) {
        return () -> StunnelLog.forConnection(ConnectionIds.next(), service.debug());
    }

    /** The program's own log (id {@code ui}) for start-up lines. */
    public Log log() {
        return StunnelLog.global();
    }
}
