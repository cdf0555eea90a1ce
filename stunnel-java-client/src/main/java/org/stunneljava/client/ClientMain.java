package org.stunneljava.client;

import org.stunneljava.launch.Launcher;

/** {@code stunnel-java-client CONF}: runs the services of CONF that have {@code client = yes}. */
public final class ClientMain {
    private ClientMain() {
    }

    public static void main(String[] args) {
        System.exit(new Launcher(new ClientMode(), System.err).run(args));
    }
}
