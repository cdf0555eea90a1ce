package org.stunneljava.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stunneljava.log.Log;
import org.stunneljava.log.Severity;

/**
 * The {@code pid} file, written as stunnel writes it (ui_unix.c {@code create_pid}): a stale file is removed,
 * then the file is created afresh (mode 0644 less the umask) holding {@code <pid>\n}. Owns the file:
 * {@link #close} removes it (once; later calls do nothing), as stunnel does on exit.
 */
public final class PidFile implements AutoCloseable {
    private final Path path;
    private final Log log;
    private final AtomicBoolean removed = new AtomicBoolean();

    private PidFile(Path path, Log log) {
        this.path = path;
        this.log = log;
    }

    /**
     * Writes this process's pid to {@code path}.
     *
     * @throws IOException {@code Cannot create pid file PATH: reason}, for the caller to log before exiting 1
     */
    public static PidFile create(Path path, Log log) throws IOException {
        return create(path, ProcessHandle.current().pid(), log);
    }

    static PidFile create(Path path, long pid, Log log) throws IOException {
        try {
            Files.deleteIfExists(path); // stunnel unlinks silently; a real problem shows up when creating
        } catch (IOException e) {
            // Same as stunnel: the create below reports it.
        }
        try (SeekableByteChannel out = Files.newByteChannel(path,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
            ByteBuffer text = ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                out.write(text);
            }
        } catch (IOException e) {
            throw new IOException("Cannot create pid file " + path + ": " + IoErrors.reason(e), e);
        }
        log.log(Severity.DEBUG, "Created pid file " + path);
        return new PidFile(path, log);
    }

    public Path path() {
        return path;
    }

    /** Removes the file; a failure is logged (not thrown), as it is not critical to stunnel either. */
    @Override
    public void close() {
        if (!removed.compareAndSet(false, true)) {
            return;
        }
        try {
            Files.delete(path);
            log.log(Severity.DEBUG, "Removed pid file " + path);
        } catch (IOException e) {
            log.log(Severity.ERR, path + ": " + IoErrors.reason(e));
        }
    }
}
