package org.stunneljava.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The {@code output} log file, opened for append as stunnel does, behind a stream whose file can be swapped
 * ({@link #reopen}, for SIGUSR1 after log rotation) while log4j keeps writing to this same object. Owns the
 * open file and closes it in {@link #close}. Thread-safe: writes, reopen and close are serialized.
 */
public final class OutputFile extends OutputStream {
    private final Path path;
    private FileOutputStream out;

    private OutputFile(Path path, FileOutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Opens {@code path} for append; the message names the file when it cannot be opened. */
    public static OutputFile open(Path path) throws IOException {
        return new OutputFile(path, openAppend(path));
    }

    private static FileOutputStream openAppend(Path path) throws IOException {
        try {
            // FileOutputStream, not Files.newOutputStream: it opens character devices such as /dev/stdout too.
            return new FileOutputStream(path.toFile(), true);
        } catch (IOException e) {
            throw new IOException("Cannot open log file: " + path + " (" + e.getMessage() + ")", e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Opens the file again by name (a rotated file has been moved away) and closes the old one. If the new open
     * fails, logging continues to the old file and the exception says why.
     */
    public synchronized void reopen() throws IOException {
        FileOutputStream fresh = openAppend(path);
        FileOutputStream old = out;
        out = fresh;
        old.close();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
