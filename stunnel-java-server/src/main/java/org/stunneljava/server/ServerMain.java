package org.stunneljava.server;

import org.stunneljava.launch.Launcher;

/** {@code stunnel-java-server CONF}: runs the services of CONF that have {@code client = no}. */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        System.exit(new Launcher(new ServerMode(), System.err).run(args));
    }
}
