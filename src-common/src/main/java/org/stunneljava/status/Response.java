package org.stunneljava.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One answer, always with its length and {@code Connection: close}. */
record Response(int status, String reason, String contentType, String body, List<String> headers) {
    Response(int status, String reason, String contentType, String body) {
        this(status, reason, contentType, body, List.of());
    }

    static Response error(int status, String reason) {
        return new Response(status, reason, "text/plain; charset=utf-8", status + " " + reason + "\n");
    }

    Response withHeader(String header) {
        List<String> all = new ArrayList<>(headers);
        all.add(header);
        return new Response(status, reason, contentType, body, all);
    }

    byte[] bytes(boolean headOnly) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ').append(reason)
                .append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(content.length)
                .append("\r\nCache-Control: no-store\r\nConnection: close\r\n");
        headers.forEach(h -> b.append(h).append("\r\n"));
        byte[] head = b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        if (headOnly) {
            return head;
        }
        byte[] all = Arrays.copyOf(head, head.length + content.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        return all;
    }
}
