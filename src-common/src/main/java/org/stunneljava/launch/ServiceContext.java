package org.stunneljava.launch;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.ConnectionIds;
import org.stunneljava.log.Log;
import org.stunneljava.log.StunnelLog;

/**
 * What a mode needs from the running program to build a service's handler: the process log, connection logs, and
 * the other sections of the file (for SNI virtual services).
 */
public final class ServiceContext {
    private final List<ServiceConfig> services;

    public ServiceContext(List<ServiceConfig> services) {
        this.services = List.copyOf(services);
    }

    /** A new connection log per call: the next sequential id, the service's {@code debug} level. */
    public Supplier<Log> connectionLogs(ServiceConfig service) {
        return () -> StunnelLog.forConnection(ConnectionIds.next(), service.debug());
    }

    /** The log of a connection (by its id) once {@code service} has taken it over: the service's level. */
    public Function<String, Log> takeoverLogs(ServiceConfig service) {
        return id -> StunnelLog.forConnection(id, service.debug());
    }

    /** The sections with {@code sni = PRIMARY:pattern} naming {@code primary}, in file order. */
    public List<ServiceConfig> virtualServicesOf(ServiceConfig primary) {
        return services.stream().filter(s -> s.virtualHost().map(v -> v.primary().equals(primary.name()))
                .orElse(false)).toList();
    }

    /**
     * The TCP ports the file's services accept on (both modes: a client program on the same host is as much a loop
     * as this one), for an exit server's loop protection.
     */
    public Set<Integer> listeningPorts() {
        return acceptPorts(services);
    }

    /** The TCP ports these services accept on. */
    public static Set<Integer> acceptPorts(List<ServiceConfig> services) {
        return services.stream().flatMap(s -> s.accept().stream())
                .filter(e -> e instanceof Endpoint.Tcp).map(e -> ((Endpoint.Tcp) e).port())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The program's own log (id {@code ui}) for start-up lines. */
    public Log log() {
        return StunnelLog.global();
    }
}
