package org.stunneljava.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.log.Severity;

class ShutdownTest {
    private final RecordingLog log = new RecordingLog("ui", org.stunneljava.log.Severity.DEBUG);
    private final List<String> steps = new ArrayList<>();

    @Test
    void sigterm_logs_terminated_at_notice_then_cleans_up_then_exits_zero() {
        Shutdown.afterSignal(ProcessSignal.TERM, log, () -> steps.add("cleanup"), code -> steps.add("exit " + code));

        assertEquals(List.of("LOG5[ui]: Terminated"), log.lines());
        assertEquals(List.of("cleanup", "exit 0"), steps);
    }

    @Test
    void sigint_logs_stunnels_received_line_at_error_level() {
        Shutdown.afterSignal(ProcessSignal.INT, log, () -> { }, code -> steps.add("exit " + code));

        assertEquals(List.of("LOG3[ui]: Received SIGINT; terminating"), log.lines());
        assertEquals(List.of("exit 0"), steps);
    }

    @Test
    void a_failing_cleanup_is_logged_and_the_process_still_exits() {
        Shutdown.afterSignal(ProcessSignal.TERM, log, () -> {
            throw new IllegalStateException("listener stuck");
        }, code -> steps.add("exit " + code));

        assertEquals(List.of("LOG5[ui]: Terminated",
            "LOG3[ui]: Shutdown failed: java.lang.IllegalStateException: listener stuck"), log.lines());
        assertEquals(List.of("exit 0"), steps);
    }

    @Test
    void signal_names_are_stunnels() {
        assertEquals("SIGTERM", ProcessSignal.TERM.stunnelName());
        assertEquals(15, ProcessSignal.TERM.number());
        assertEquals(2, ProcessSignal.INT.number());
        assertEquals(Severity.NOTICE.level(), 5);
    }
}
