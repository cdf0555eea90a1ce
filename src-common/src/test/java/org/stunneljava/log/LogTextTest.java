package org.stunneljava.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void printable_text_is_returned_unchanged() {
        String text = "Service [s] accepted connection from 127.0.0.1:1";
        assertSame(text, LogText.clean(text));
    }

    @Test
    void control_characters_and_DEL_become_dots() {
        assertEquals("a.b.c.d.e", LogText.clean("a\tb\rc\u0000d\u007fe"));
    }

    @Test
    void a_newline_inside_the_text_becomes_a_dot_but_trailing_newlines_are_stripped() {
        assertEquals("one.two", LogText.clean("one\ntwo\n\n"));
    }

    @Test
    void characters_above_ascii_are_kept_as_stunnel_keeps_high_bytes() {
        assertEquals("CN=Zażółć", LogText.clean("CN=Zażółć"));
    }

    @Test
    void a_long_ascii_message_is_cut_at_1024_bytes() {
        String cleaned = LogText.clean("x".repeat(5000));
        assertEquals(1024, cleaned.length());
    }

    @Test
    void a_message_of_exactly_1024_bytes_is_kept_whole() {
        assertEquals(1024, LogText.clean("y".repeat(1024)).length());
    }

    @Test
    void the_cut_never_splits_a_multibyte_character() {
        String text = "a" + "ż".repeat(600); // 1 + 1200 bytes
        String cleaned = LogText.clean(text);
        assertEquals(1023, cleaned.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(512, cleaned.length());
    }

    @Test
    void the_cut_never_splits_a_surrogate_pair() {
        String text = "ab" + "😀".repeat(400); // 2 + 1600 bytes; 4 bytes per pair
        String cleaned = LogText.clean(text);
        assertEquals(1022, cleaned.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void null_text_is_logged_as_null() {
        assertEquals("null", LogText.clean(null));
    }
}
