package org.stunneljava.launch;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.StartupNotice;
import org.stunneljava.config.StunnelConfig;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.relay.AcceptedHandler;
import org.stunneljava.tls.HybridTlsCrypto;

/**
 * One loaded configuration, ready to serve: the file's records and, for each service this program runs, the
 * handler built from them with every certificate, key, CA and CRL file already read. Building one is the whole
 * of what can fail because of the files, so a reload builds the next generation completely before anything changes.
 * Immutable; connections accepted under a generation keep its handlers (and their TLS material) to their end.
 */
record Generation(StunnelConfig config, List<Service> services) {
    /** A listening service and the handler its connections get. */
    record Service(ServiceConfig config, AcceptedHandler handler) {
        String name() {
            return config.name();
        }
    }

    Generation {
        services = List.copyOf(services);
    }

    /** Every section {@code mode} serves, SNI virtual services included: what the status endpoint reports. */
    List<ServiceConfig> served(ModeSpec mode) {
        return config.services().stream().filter(mode::runs).toList();
    }

    /**
     * Logs the file's notices and builds the handlers of {@code mode}'s services, loading every file they name.
     *
     * @throws StartupException naming the service and file that cannot be used, or when the file has no service
     *                          of this mode
     */
    static Generation prepare(ModeSpec mode, StunnelConfig config, Log log) throws StartupException {
        for (StartupNotice n : config.notices()) {
            log.log(n.severity(), n.text());
        }
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        ServiceContext context = new ServiceContext(config.services());
        List<Service> services = new ArrayList<>();
        for (ServiceConfig service : config.services()) {
            if (!mode.runs(service)) {
                log.log(Severity.NOTICE, "Service [" + service.name() + "] is a " + other(mode) + " service: left to "
                        + "stunnel-java-" + other(mode));
                continue;
            }
            if (service.virtualHost().isPresent()) {
                continue; // served through its primary's listeners, built with the primary's handler
            }
            services.add(new Service(service, mode.handler(service, crypto, context)));
        }
        if (services.isEmpty()) {
            throw new StartupException("No " + mode.name() + " service in " + config.file() + ": every service has"
                    + " client = " + (mode.name().equals("client") ? "no" : "yes") + "; run stunnel-java-"
                    + other(mode) + " on this file");
        }
        log.log(Severity.NOTICE, "Configuration successful");
        return new Generation(config, services);
    }

    private static String other(ModeSpec mode) {
        return mode.name().equals("server") ? "client" : "server";
    }
}
