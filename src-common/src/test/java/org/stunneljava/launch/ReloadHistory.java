package org.stunneljava.launch;

/** For tests outside this package: records reloads in a {@link Reloads} as the reloading runtime does. */
public final class ReloadHistory {
    private ReloadHistory() {
    }

    public static void succeeded(Reloads reloads) {
        reloads.succeeded();
    }

    public static void failed(Reloads reloads, String why) {
        reloads.failed(why);
    }
}
