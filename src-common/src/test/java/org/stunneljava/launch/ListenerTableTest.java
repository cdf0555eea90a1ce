package org.stunneljava.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.net.ClientLimit;
import org.stunneljava.relay.ConnectionEvents;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;

/**
 * The listener side of a reload: an address that stays keeps its socket (so no connection to it is refused), a
 * new one is bound before the commit, one no longer named is closed by it, and a change that cannot bind every
 * service closes what it bound and leaves the running sockets alone.
 */
class ListenerTableTest {
    @TempDir
    Path dir;
    final RecordingLog log = new RecordingLog();
    final ListenerTable table = new ListenerTable(log, ConnectionEvents.NONE, ClientLimit.of(0));

    @AfterEach
    void close() {
        table.closeAll();
    }

    private Generation.Service service(String name, String accept) throws Exception {
        ServiceConfig config = ServiceConfigs.load(dir, name, """
                [%s]
                client = yes
                accept = %s
                connect = 127.0.0.1:1
                """.formatted(name, accept));
        return new Generation.Service(config, socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the test only connects
            }
        });
    }

    private static int port(ServerSocketChannel channel) throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }


    @Test
    void aStayingAddressKeepsItsSocketAndARemovedOneIsClosedAtCommit() throws Exception {
        table.prepare(List.of(service("a", "127.0.0.1:0"), service("b", "127.0.0.1:0"))).commit();
        List<ServerSocketChannel> first = table.channels();
        int b = port(first.get(1));

        ListenerTable.Change change = table.prepare(List.of(service("a", "127.0.0.1:0")));
        assertFalse(Ports.refused(b), "nothing changes before the commit");
        change.commit();
        assertEquals(List.of(first.getFirst()), table.channels(), "[a] kept its very socket");
        // the accept thread leaves accept() on its own time; the port is refused once it has
        Poll.until(() -> Ports.refused(b), Duration.ofSeconds(10), "[b]'s socket closed");
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("LOG7[test]: Service [b] closed (FD=")),
                log.lines()::toString);
    }

    @Test
    void aServiceThatCannotBindUndoesTheWholeChange() throws Exception {
        table.prepare(List.of(service("a", "127.0.0.1:0"))).commit();
        ServerSocketChannel running = table.channels().getFirst();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StartupException e = assertThrows(StartupException.class, () -> table.prepare(List.of(
                    service("a", "127.0.0.1:0"), service("n", "127.0.0.1:0"),
                    service("c", "127.0.0.1:" + taken.getLocalPort()))));
            assertEquals(List.of("Binding service [c] failed"), e.lines());
            int n = log.lines().stream().filter(l -> l.contains("Service [n] (FD=")).map(l -> l.replaceAll(".*:", ""))
                    .mapToInt(Integer::parseInt).findFirst().orElseThrow();
            assertTrue(Ports.refused(n), "the socket bound for [n] is closed again (no thread ever accepted on it)");
        }
        assertEquals(List.of(running), table.channels());
        assertTrue(running.isOpen());
        assertFalse(Ports.refused(port(running)));
    }
}
