package org.stunneljava.launch;

import sun.misc.Signal;

/** TEMPORARY until the process package lands: SIGTERM and SIGINT run the stop action once. */
final class Signals {
    private Signals() {
    }

    static void onTerminate(Runnable stop) {
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> stop.run());
        }
    }
}
