package org.stunneljava.testkit.lab;

import java.io.IOException;
import java.time.Duration;
import org.stunneljava.testkit.ManagedProcess;

/**
 * A {@link DestinationMain} running in one of the lab's namespaces, listening on {@code ::} (IPv4 and IPv6). Start
 * several at once and ask for their ports afterwards: {@link #port} waits for the ready line, so the JVMs start in
 * parallel. The test closes it (before the lab).
 */
public final class Destination implements AutoCloseable {
    private final String name;
    private final ManagedProcess process;
    private int port;

    private Destination(String name, ManagedProcess process) {
        this.name = name;
        this.process = process;
    }

    /** Destination {@code host} of the lab, greeting as {@code host.role()} ("dest1"), on {@code port} (0: any). */
    public static Destination start(GatewayLab lab, GatewayLab.Host host, int port) throws IOException {
        return start(lab.namespace(host), host.role(), port);
    }

    public static Destination start(String namespace, String name, int port) throws IOException {
        return new Destination(name, InNamespace.testMain(namespace, name, DestinationMain.class, name, "::",
                Integer.toString(port)));
    }

    public String name() {
        return name;
    }

    /** The listening port, once it listens (waits up to 30 s for the ready line). */
    public synchronized int port() throws InterruptedException {
        if (port == 0) {
            port = Integer.parseInt(process.await("^ready " + name + " port (\\d+)$", Duration.ofSeconds(30))
                    .group(1));
        }
        return port;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
