package org.stunneljava.launch;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.stunneljava.config.Endpoint;
import org.stunneljava.config.GlobalConfig;
import org.stunneljava.config.Origin;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.log.Log;
import org.stunneljava.net.SocketErrors;
import org.stunneljava.status.Metrics;
import org.stunneljava.status.StatusEndpoint;

/**
 * The status endpoint ({@code status}) across the program's life: started once the listeners are bound, moved by a
 * reload that names another address (the new one is bound before the reload commits, so a taken port fails the
 * reload and leaves the running endpoint alone), closed at exit. It always reports the running configuration's
 * services, the process's {@link Metrics} and {@link Reloads}. Used by the main thread only; owns the endpoint.
 */
final class StatusService implements AutoCloseable {
    private final Metrics metrics;
    private final Reloads reloads;
    private final Log log;
    // Replaced by the main thread at each commit, read by the endpoint's threads on each request.
    private volatile List<ServiceConfig> serving = List.of();
    private Optional<Endpoint> address = Optional.empty();
    private Optional<StatusEndpoint> endpoint = Optional.empty();

    StatusService(Metrics metrics, Reloads reloads, Log log) {
        this.metrics = metrics;
        this.reloads = reloads;
        this.log = log;
    }

    Reloads reloads() {
        return reloads;
    }

    /**
     * What a configuration changes here: the services reported and perhaps the address; made by {@link #commit},
     * undone by {@link #abandon}.
     */
    final class Move {
        private final Optional<Endpoint> to;
        private final Optional<StatusEndpoint> started;
        private final List<ServiceConfig> services;

        private Move(Optional<Endpoint> to, Optional<StatusEndpoint> started, List<ServiceConfig> services) {
            this.to = to;
            this.started = started;
            this.services = services;
        }

        void commit() {
            serving = services;
            metrics.retain(services.stream().map(ServiceConfig::name).toList());
            if (!Objects.equals(to, address)) {
                endpoint.ifPresent(StatusEndpoint::close);
                endpoint = started;
                address = to;
            }
        }

        void abandon() {
            started.ifPresent(StatusEndpoint::close);
        }
    }

    /**
     * Binds the endpoint {@code global} asks for, unless it is the one running.
     *
     * @param services the services the program will run (this mode's, SNI virtual ones included)
     * @throws StartupException {@code FILE:LINE: "status = ...": Binding status endpoint to ADDRESS failed: ...}
     */
    Move prepare(GlobalConfig global, List<ServiceConfig> services) throws StartupException {
        Optional<Endpoint> to = global.status();
        if (Objects.equals(to, address) || to.isEmpty()) {
            return new Move(to, Optional.empty(), services);
        }
        try {
            return new Move(to, Optional.of(StatusEndpoint.start(to.get(), metrics, () -> serving, reloads, log)),
                    services);
        } catch (IOException e) {
            Origin at = global.origins().get("status");
            throw new StartupException((at != null ? at.prefix() + ": " : "") + "Binding status endpoint to "
                    + StatusEndpoint.text(to.get()) + " failed: " + SocketErrors.describe(e));
        }
    }

    @Override
    public void close() {
        endpoint.ifPresent(StatusEndpoint::close);
        endpoint = Optional.empty();
        address = Optional.empty();
    }
}
