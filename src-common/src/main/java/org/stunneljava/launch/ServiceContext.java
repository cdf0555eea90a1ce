package org.stunneljava.launch;

import java.util.function.Supplier;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.Log;

/** What a mode needs from the running program to build a service's handler. */
public interface ServiceContext {
    /** A supplier of connection logs (a new connection id each, the service's level). */
    Supplier<Log> connectionLogs(ServiceConfig service);

    /** The program's own log (id {@code ui} or {@code main}) for start-up lines. */
    Log log();
}
