package org.stunneljava.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.stunneljava.log.Severity;

/**
 * The parse step: turns a configuration file, with its {@code include} directories expanded in place, into
 * {@link ParseEvent}s. It applies stunnel's line rules (whole-line comments only, {@code [name]} sections, split at
 * the first {@code =}) and knows no option except {@code include}; the validator judges the rest. Stops at the
 * first syntax error, which becomes the last event, so that errors the validator finds earlier in the file are
 * reported first, as stunnel (which validates line by line) does.
 */
final class ConfigParser {
    private final Path workingDirectory;
    private final List<ParseEvent> events = new ArrayList<>();
    private final List<StartupNotice> notices;
    private final List<Path> sources = new ArrayList<>();

    ConfigParser(Path workingDirectory, List<StartupNotice> notices) {
        this.workingDirectory = workingDirectory;
        this.notices = notices;
    }

    /**
     * @param file the main file as stunnel names it in messages (its real path)
     * @return the events; the list ends with a {@link ParseEvent.Failure} when parsing stopped early
     */
    List<ParseEvent> parse(Path file, byte[] content) {
        readFile(file, content, List.of());
        return List.copyOf(events);
    }

    /** The files and include directories read so far, in reading order. */
    List<Path> sources() {
        return List.copyOf(sources);
    }

    /** @return false when parsing stopped (a Failure event was added) */
    private boolean readFile(Path shownAs, byte[] content, List<Origin> includes) {
        sources.add(workingDirectory.resolve(shownAs));
        notices.add(new StartupNotice(Severity.NOTICE,
                "Reading configuration from file " + shownAs));
        for (ConfigText.Line line : ConfigText.lines(content)) {
            if (!readLine(shownAs, line, includes)) {
                return false;
            }
        }
        return true;
    }

    private boolean readLine(Path file, ConfigText.Line line, List<Origin> includes) {
        String text = line.content();
        Origin origin = new Origin(file, line.number(), line.raw());
        if (text.isEmpty() || text.charAt(0) == '#' || text.charAt(0) == ';') {
            return true; // stunnel has whole-line comments only: "connect = 9 ; x" keeps "9 ; x"
        }
        if (text.length() >= 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
            events.add(new ParseEvent.SectionStart(text.substring(1, text.length() - 1), origin, includes));
            return true;
        }
        int eq = text.indexOf('=');
        if (eq < 0) {
            events.add(new ParseEvent.Failure(List.of(origin.prefix() + ": No '=' found"), includes));
            return false;
        }
        String key = ConfigText.trimRight(text.substring(0, eq));
        String value = ConfigText.trimLeft(text.substring(eq + 1));
        if (key.toLowerCase(Locale.ROOT).equals("include")) {
            return include(value, origin, includes);
        }
        events.add(new ParseEvent.OptionLine(key, value, origin, includes));
        return true;
    }

    /**
     * {@code include = DIR}: every regular file of DIR (no extension filter, dot files too, sub-directories
     * skipped) in byte-wise name order, read at this point of the section context. A file may open sections and
     * the next file continues in the last one opened. Paths are relative to the working directory, and included
     * files are named {@code DIR/NAME} in messages, as stunnel does.
     */
    private boolean include(String directory, Origin origin, List<Origin> includes) {
        List<String> names;
        try {
            names = regularFileNames(directory);
        } catch (IOException e) {
            events.add(new ParseEvent.Failure(
                    List.of("scandir: " + SystemErrors.describe(e), origin.prefix() + ": Failed to include directory"),
                    includes));
            return false;
        }
        sources.add(workingDirectory.resolve(directory)); // a file added to it changes the configuration too
        List<Origin> inner = new ArrayList<>(includes);
        inner.add(origin);
        for (String name : names) {
            Path shownAs = Path.of(directory + "/" + name);
            byte[] content;
            try {
                content = Files.readAllBytes(workingDirectory.resolve(shownAs));
            } catch (IOException e) {
                events.add(new ParseEvent.Failure(List.of("Cannot open configuration file"), inner));
                return false;
            }
            if (!readFile(shownAs, content, inner)) {
                return false;
            }
        }
        return true;
    }

    private List<String> regularFileNames(String directory) throws IOException {
        if (directory.isEmpty()) {
            throw new NoSuchFileException(directory); // scandir("") fails; resolve("") would be the cwd
        }
        Path dir = workingDirectory.resolve(directory);
        if (!Files.isDirectory(dir) && Files.exists(dir)) {
            throw new NotDirectoryException(directory);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .sorted(BYTEWISE)
                    .toList();
        }
    }

    /** stunnel sorts with {@code alphasort} in the C locale: byte-wise on the UTF-8 names. */
    private static final Comparator<String> BYTEWISE = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** Maps Java's I/O exceptions to the {@code strerror (errno)} text stunnel's {@code ioerror} prints. */
    static final class SystemErrors {
        private SystemErrors() {
        }

        static String describe(IOException e) {
            if (e instanceof NoSuchFileException) {
                return "No such file or directory (2)";
            }
            if (e instanceof NotDirectoryException) {
                return "Not a directory (20)";
            }
            if (e instanceof AccessDeniedException) {
                return "Permission denied (13)";
            }
            return String.valueOf(e.getMessage());
        }
    }
}
