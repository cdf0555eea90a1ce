package org.stunneljava.launch;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The process's open-file limit ({@code RLIMIT_NOFILE}), which stunnel's implicit connection limit derives from. */
final class OpenFiles {
    private OpenFiles() {
    }

    /** @return the limit, or 0 when the platform does not tell (no limit is derived then) */
    static long limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 && max < Long.MAX_VALUE ? max : 0;
        }
        return 0;
    }
}
