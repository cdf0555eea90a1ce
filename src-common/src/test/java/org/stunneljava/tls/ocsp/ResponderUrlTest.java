package org.stunneljava.tls.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stunneljava.tls.LogLine;

/** Responder URLs read as OpenSSL's OCSP_parse_url reads them. */
class ResponderUrlTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:19254/ocsp     | 127.0.0.1   | 19254 | /ocsp
            http://ocsp.example.com         | ocsp.example.com | 80 | /
            HTTP://ocsp.example.com/a/b?x=1 | ocsp.example.com | 80 | /a/b?x=1
            http://user@host:81/p#frag      | host        | 81    | /p
            http://[::1]:8080/ocsp          | ::1         | 8080  | /ocsp
            127.0.0.1:9/x                   | 127.0.0.1   | 9     | /x
            """)
    void ParsesWhatOpensslParses(String url, String host, int port, String path) {
        assertEquals(Optional.of(new ResponderUrl(host, port, path)), ResponderUrl.parse(url, new ArrayList<>()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            https://ocsp.example.com/ | OCSP: TLS not supported for OCSP - an additional stunnel service needs to be defined
            ftp://ocsp.example.com/   | OCSP: Failed to parse the OCSP URL
            http://host:99999/        | OCSP: Failed to parse the OCSP URL
            http://host:x/            | OCSP: Failed to parse the OCSP URL
            http:///path              | OCSP: Failed to parse the OCSP URL
            ''                        | OCSP: Failed to parse the OCSP URL
            http://[::1/              | OCSP: Failed to parse the OCSP URL
            """)
    void RefusesWithStunnelsLine(String url, String line) {
        List<LogLine> log = new ArrayList<>();
        assertEquals(Optional.empty(), ResponderUrl.parse(url, log));
        assertEquals(List.of("LOG3: " + line), log.stream().map(LogLine::toString).toList());
    }

    @org.junit.jupiter.api.Test
    void TheHostHeaderBracketsIpv6() {
        assertEquals("[::1]", new ResponderUrl("::1", 80, "/").hostHeader());
        assertEquals("127.0.0.1", new ResponderUrl("127.0.0.1", 80, "/").hostHeader());
    }
}
