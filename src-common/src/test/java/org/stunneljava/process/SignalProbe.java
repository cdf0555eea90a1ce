package org.stunneljava.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.stunneljava.log.Facility;
import org.stunneljava.log.Log;
import org.stunneljava.log.LogSettings;
import org.stunneljava.log.Severity;
import org.stunneljava.log.StunnelLog;

/**
 * A minimal program wired as the real mains are, started as a child process by {@link TerminationTest}:
 * args = pid file path. Prints {@code ready} (and {@code int-ignored} when SIGINT was ignored at launch) on
 * stdout, logs to stderr in foreground mode, and waits for a signal.
 */
public final class SignalProbe {
    public static void main(String[] args) throws IOException, InterruptedException {
        Signals signals = Signals.install();
        Log log = StunnelLog.global();
        log.log(Severity.NOTICE, "probe starting");
        StunnelLog.reconfigure(new LogSettings(true, Optional.empty(), false, Severity.NOTICE, Facility.DAEMON,
            "stunnel", Path.of("/nonexistent"), System.err, System.err::println, Clock.systemDefaultZone()));
        PidFile pid = PidFile.create(Path.of(args[0]), log);
        if (signals.ignoredAtLaunch().contains(ProcessSignal.INT)) {
            System.out.println("int-ignored");
        }
        System.out.println("ready");
        System.out.flush();
        ProcessSignal signal = signals.await();
        Shutdown.afterSignal(signal, log, pid::close);
    }
}
