package org.stunneljava.launch;

import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.config.SocketOption;
import org.stunneljava.config.SocketOptionValue;
import org.stunneljava.config.SocketOptions;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;
import org.stunneljava.net.Acceptor;
import org.stunneljava.net.Addresses;
import org.stunneljava.net.Admission;
import org.stunneljava.net.ClientLimit;
import org.stunneljava.net.Listener;
import org.stunneljava.net.NativeFd;
import org.stunneljava.net.SocketOptionSetter;
import org.stunneljava.relay.ConnectionEvents;

/**
 * The program's listening sockets, each with its accept thread, and the change from one {@link Generation} to the
 * next as one transaction. {@link #prepare} matches the new services' addresses to the sockets already bound (an
 * address keeps its socket, so a reload never refuses a connection on a port that stays) and binds only the new
 * addresses; nothing running changes until {@link Change#commit}, which points every kept socket at its new service,
 * starts accepting on the new ones and closes the sockets no service names any more. {@link Change#abandon} (a
 * later step of the reload failed) closes what the change bound. Connections already accepted are never touched.
 * Owns the sockets; used by the main thread only.
 */
final class ListenerTable {
    /** One bound socket: the address it was asked for (port 0 stays port 0), and where its connections go. */
    private static final class Slot {
        final SocketAddress requested;
        final ServerSocketChannel channel;
        volatile Acceptor.Route route;
        ServiceConfig service;

        Slot(SocketAddress requested, ServerSocketChannel channel, ServiceConfig service) {
            this.requested = requested;
            this.channel = channel;
            this.service = service;
        }
    }

    private final Log log;
    private final ConnectionEvents events;
    private final ClientLimit global;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, Admission> admissions = new HashMap<>();

    /**
     * @param global the process's connection limit, shared by every service of every generation
     * @param events told of every connection accepted on any of the sockets
     */
    ListenerTable(Log log, ConnectionEvents events, ClientLimit global) {
        this.log = log;
        this.events = events;
        this.global = global;
    }

    /** What a commit will do: the sockets kept (with their new service), the ones bound for it, the ones to close. */
    final class Change {
        private final Map<Slot, Generation.Service> kept = new HashMap<>();
        private final List<Slot> bound = new ArrayList<>();
        private final Map<Slot, Generation.Service> boundFor = new HashMap<>();
        private final List<Slot> dropped = new ArrayList<>(slots);
        private boolean done;
        private String summary = "";

        /** After the commit: how many sockets listen, were bound and were closed. */
        String summary() {
            return summary;
        }

        /** Makes the change: from here new connections go to the new generation's services. */
        void commit() {
            summary = "%d listening socket(s) (%d new, %d closed)".formatted(kept.size() + bound.size(), bound.size(),
                    dropped.size());
            finish();
            Map<String, Admission> next = new HashMap<>();
            kept.forEach((slot, service) -> {
                reapplyOptions(slot, service.config());
                slot.service = service.config();
                slot.route = new Acceptor.Route(service.handler(), admission(service.config(), next));
            });
            for (Slot slot : bound) {
                Generation.Service service = boundFor.get(slot);
                slot.route = new Acceptor.Route(service.handler(), admission(service.config(), next));
                slots.add(slot);
                Thread.ofPlatform().name("accept-" + Addresses.text(slot.requested)).daemon(true)
                        .start(new Acceptor(slot.channel, () -> slot.route, log, events));
            }
            for (Slot slot : dropped) {
                close(slot);
                slots.remove(slot);
            }
            admissions.clear();
            admissions.putAll(next);
        }

        /** Undoes the binding: the sockets bound for this change are closed, the running ones are not touched. */
        void abandon() {
            finish();
            bound.forEach(slot -> Listener.close(slot.channel));
        }

        private void finish() {
            if (done) {
                throw new IllegalStateException("a listener change is committed or abandoned once");
            }
            done = true;
        }
    }

    /**
     * Binds what {@code services} need beyond the sockets already bound.
     *
     * @throws StartupException {@code Binding service [x] failed} when a service has no address at all; whatever
     *                          this call bound is closed again
     */
    Change prepare(List<Generation.Service> services) throws StartupException {
        Change change = new Change();
        try {
            bindAll(change, services);
        } catch (RuntimeException e) {
            change.abandon();
            throw e;
        }
        return change;
    }

    private void bindAll(Change change, List<Generation.Service> services) throws StartupException {
        for (Generation.Service service : services) {
            int addresses = 0;
            for (SocketAddress address : Listeners.addresses(service.config(), log)) {
                Optional<Slot> reuse = claim(change, address, service.name());
                if (reuse.isPresent()) {
                    change.kept.put(reuse.get(), service);
                    addresses++;
                    continue;
                }
                Optional<ServerSocketChannel> channel = Listeners.bind(service.config(), address, log);
                if (channel.isPresent()) {
                    Slot slot = new Slot(address, channel.get(), service.config());
                    change.bound.add(slot);
                    change.boundFor.put(slot, service);
                    addresses++;
                }
            }
            if (addresses == 0) {
                change.abandon();
                throw Listeners.failed(service.config());
            }
        }
    }

    /** A socket bound for {@code address} that the change has not given away yet, its own service's first. */
    private static Optional<Slot> claim(Change change, SocketAddress address, String service) {
        Optional<Slot> found = change.dropped.stream()
                .filter(s -> s.requested.equals(address) && s.service.name().equals(service)).findFirst()
                .or(() -> change.dropped.stream().filter(s -> s.requested.equals(address)).findFirst());
        found.ifPresent(change.dropped::remove);
        return found;
    }

    /**
     * A kept socket whose service now names other {@code socket = a:...} values gets them set; the ones that only
     * matter before bind() (SO_REUSEADDR) then change nothing, as a restart would.
     */
    private void reapplyOptions(Slot slot, ServiceConfig next) {
        Map<SocketOption, SocketOptionValue> now = next.connections().socket().accept();
        if (!Objects.equals(slot.service.connections().socket().accept(), now)) {
            SocketOptionSetter.apply(slot.channel, SocketOptions.Kind.ACCEPT, now, log);
        }
    }

    /** A service keeps its count of open connections across reloads while its own limit stays the same. */
    private Admission admission(ServiceConfig service, Map<String, Admission> next) {
        return next.computeIfAbsent(service.name(), name -> {
            int max = service.connections().maxClients().orElse(0);
            Admission current = admissions.get(name);
            return current != null && current.ownMax() == max ? current
                    : new Admission(name, global, ClientLimit.of(max));
        });
    }

    /** The sockets bound now, in binding order. */
    List<ServerSocketChannel> channels() {
        return slots.stream().map(s -> s.channel).toList();
    }

    /** Stops accepting: closes every socket (stunnel's unbind_ports at exit). */
    void closeAll() {
        slots.forEach(this::close);
        slots.clear();
    }

    private void close(Slot slot) {
        log.log(Severity.DEBUG, "Service [" + slot.service.name() + "] closed (FD=" + NativeFd.of(slot.channel) + ")");
        Listener.close(slot.channel);
    }
}
