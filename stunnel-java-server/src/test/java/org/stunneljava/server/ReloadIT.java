package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.Confs;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.ManagedProcess;
import org.stunneljava.testkit.Poll;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.PrometheusText;
import org.stunneljava.testkit.RawHttp;
import org.stunneljava.testkit.TestPki;

/**
 * SIGHUP reloads of the server program (stunnel-behaviour.md #32 and #33, made transactional): under a steady
 * stream of connections and with long-lived ones open, the certificate is replaced and a service is added and then
 * removed; no established connection breaks, no new one is refused, and new ones see the new certificate. A file
 * that is broken, a key that cannot be read and a port that is taken each leave the running configuration as it
 * was, with stunnel's {@code Failed to reload the configuration file}.
 */
@Tag("e2e")
class ReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext tls;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tls = JdkTls.client(pki, null);
    }

    /** The conf with the preamble, the pid file and the given sections. */
    private static Path writeConf(Path conf, String sections) throws IOException {
        Files.writeString(conf, Confs.PREAMBLE + sections);
        return conf;
    }

    private static String section(String name, String accept, int backend, Path cert) {
        return """
                [%s]
                accept = %s
                connect = 127.0.0.1:%d
                cert = %s
                """.formatted(name, accept, backend, cert);
    }

    /** One connection's whole life: handshake, one echoed line; returns the certificate the server showed. */
    private static X509Certificate echoOnce(int port) throws IOException {
        try (SSLSocket s = JdkTls.connect(tls, port)) {
            byte[] line = "ping\n".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(line);
            assertArrayEquals(line, s.getInputStream().readNBytes(line.length));
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private static void echo(SSLSocket s, String text) throws IOException {
        byte[] line = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(line);
        assertArrayEquals(line, s.getInputStream().readNBytes(line.length), "an established connection echoes");
    }

    /** Reloads and waits for it to be over, successful ({@code Reload complete}) or not. */
    private static void reload(ManagedProcess server, String awaitedLine) throws Exception {
        long before = server.count(awaitedLine);
        server.signal("HUP");
        server.awaitCount(awaitedLine, before + 1, WAIT);
    }

    @Test
    void underLoadNothingBreaksAndNewConnectionsSeeTheNewCertificate() throws Exception {
        Path cert = dir.resolve("load-cert.pem");
        Files.copy(pki.serverPem(), cert, StandardCopyOption.REPLACE_EXISTING);
        try (Backends backend = Backends.echo();
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, writeConf(dir.resolve("load.conf"),
                     section("a", "127.0.0.1:0", backend.port(), cert)))) {
            int a = server.awaitPort("a", WAIT);
            server.await("Accepting new connections", WAIT);
            BigInteger oldSerial = pki.server().cert().getSerialNumber();
            BigInteger newSerial = pki.wrongHost().cert().getSerialNumber();

            List<SSLSocket> longLived = new ArrayList<>();
            Stream stream = new Stream(a);
            try {
                for (int i = 0; i < 4; i++) {
                    longLived.add(JdkTls.connect(tls, a));
                    echo(longLived.get(i), "before " + i);
                }
                stream.start();
                Poll.until(() -> stream.done.get() >= 20, WAIT, "20 connections before the first reload");

                // 1: a new certificate and a new service [b]
                Files.copy(pki.wrongHostPem(), cert, StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(dir.resolve("load.conf"), Confs.PREAMBLE
                        + section("a", "127.0.0.1:0", backend.port(), cert)
                        + section("b", "127.0.0.1:0", backend.port(), cert));
                reload(server, "Reload complete");
                int b = server.awaitPort("b", WAIT);
                assertEquals(newSerial, echoOnce(a).getSerialNumber(), "a new connection gets the new certificate");
                SSLSocket onB = JdkTls.connect(tls, b);
                longLived.add(onB);
                echo(onB, "on b");
                long afterFirst = stream.done.get();
                Poll.until(() -> stream.done.get() >= afterFirst + 20, WAIT, "20 connections after the first reload");

                // 2: [b] removed while a connection on it is open
                Files.writeString(dir.resolve("load.conf"), Confs.PREAMBLE
                        + section("a", "127.0.0.1:0", backend.port(), cert));
                reload(server, "Reload complete");
                Poll.until(() -> Ports.refused(b), WAIT, "port " + b + " of the removed service is closed");
                long afterSecond = stream.done.get();
                Poll.until(() -> stream.done.get() >= afterSecond + 20, WAIT, "20 connections after the second");

                for (int i = 0; i < longLived.size(); i++) {
                    echo(longLived.get(i), "after " + i);
                }
                assertEquals(oldSerial, ((X509Certificate) longLived.getFirst().getSession().getPeerCertificates()[0])
                        .getSerialNumber(), "an established connection keeps the material it started with");
            } finally {
                stream.stop();
                for (SSLSocket s : longLived) {
                    s.close();
                }
            }
            assertTrue(stream.failures.isEmpty(), () -> stream.failures.size() + " connection(s) of the steady"
                    + " stream failed, first: " + stream.failures.peek() + "\n" + server.output());
            assertTrue(stream.sawNew.get() > 0 && stream.sawOld.get() > 0, "the stream saw both certificates");
            assertEquals(0, server.count("Failed to reload"), server.output());
        }
    }

    /** A steady stream of short connections on one port, from one thread, until stopped. */
    private static final class Stream {
        final int port;
        final AtomicLong done = new AtomicLong();
        final AtomicLong sawOld = new AtomicLong();
        final AtomicLong sawNew = new AtomicLong();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        Stream(int port) {
            this.port = port;
        }

        void start() {
            BigInteger old = pki.server().cert().getSerialNumber();
            thread = Thread.ofPlatform().name("steady-stream").start(() -> {
                while (running.get()) {
                    try {
                        X509Certificate seen = echoOnce(port);
                        (seen.getSerialNumber().equals(old) ? sawOld : sawNew).incrementAndGet();
                    } catch (IOException | AssertionError e) {
                        failures.add(e.toString());
                    }
                    done.incrementAndGet();
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(WAIT.toMillis());
            }
        }
    }


    @Test
    void aBrokenFileAnUnreadableKeyAndATakenPortKeepTheRunningConfiguration() throws Exception {
        Path cert = dir.resolve("broken-cert.pem");
        Files.copy(pki.serverPem(), cert, StandardCopyOption.REPLACE_EXISTING);
        Path conf = dir.resolve("broken.conf");
        try (Backends backend = Backends.echo();
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, writeConf(conf,
                     section("a", "127.0.0.1:0", backend.port(), cert)))) {
            int a = server.awaitPort("a", WAIT);
            server.await("Accepting new connections", WAIT);
            BigInteger serial = pki.server().cert().getSerialNumber();
            try (SSLSocket held = JdkTls.connect(tls, a)) {
                // a line stunnel cannot parse (stunnel-behaviour.md #33)
                Files.writeString(conf, Confs.PREAMBLE + section("a", "127.0.0.1:0", backend.port(), cert)
                        + "bogus line\n");
                reload(server, "Failed to reload the configuration file");
                server.await("broken.conf:\\d+: \"bogus line\": No '=' found", WAIT);

                // the certificate file replaced by something that is no certificate
                Files.writeString(dir.resolve("broken.conf"), Confs.PREAMBLE
                        + section("a", "127.0.0.1:0", backend.port(), cert));
                Files.writeString(cert, "not a certificate\n");
                reload(server, "Failed to reload the configuration file");
                Files.copy(pki.wrongHostPem(), cert, StandardCopyOption.REPLACE_EXISTING);

                // a new service on a port another program holds
                int port = taken.getLocalPort();
                Files.writeString(conf, Confs.PREAMBLE + section("a", "127.0.0.1:0", backend.port(), cert)
                        + section("c", "127.0.0.1:" + port, backend.port(), cert));
                reload(server, "Failed to reload the configuration file");
                server.await("Binding service \\[c\\] to 127.0.0.1:" + port + ": Address already in use", WAIT);
                server.await("Binding service \\[c\\] failed", WAIT);

                assertEquals(3, server.count("Failed to reload the configuration file"));
                assertEquals(2, server.count("Configuration successful"),
                        "the start, and the file with the taken port, which is valid until it binds (as in stunnel)");
                assertEquals(serial, echoOnce(a).getSerialNumber(), "the running certificate is still served");
                echo(held, "still here");
            }
            // and once the file is good again, the reload goes through
            Files.writeString(conf, Confs.PREAMBLE + section("a", "127.0.0.1:0", backend.port(), cert));
            reload(server, "Reload complete");
            assertEquals(pki.wrongHost().cert().getSerialNumber(), echoOnce(a).getSerialNumber());
            assertThrows(AssertionError.class, () -> server.awaitPort("c", Duration.ofMillis(1)),
                    "[c] was never bound");
        }
    }

    /** The status endpoint follows reloads: their count and last outcome, and the services of the running file. */
    @Test
    void theStatusEndpointReportsReloadsAndTheRunningServices() throws Exception {
        Path cert = dir.resolve("status-cert.pem");
        Files.copy(pki.serverPem(), cert, StandardCopyOption.REPLACE_EXISTING);
        Path conf = dir.resolve("status.conf");
        String globals = "status = 127.0.0.1:0\n";
        try (Backends backend = Backends.echo();
             ManagedProcess server = Programs.stunnelJava(Programs.Mode.SERVER, writeConf(conf,
                     globals + section("a", "127.0.0.1:0", backend.port(), cert)))) {
            int port = Integer.parseInt(server.await("Status endpoint bound to 127.0.0.1:(\\d+)", WAIT).group(1));
            server.await("Accepting new connections", WAIT);
            InetSocketAddress status = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

            Files.writeString(conf, Confs.PREAMBLE + globals + section("a", "127.0.0.1:0", backend.port(), cert)
                    + section("b", "127.0.0.1:0", backend.port(), cert));
            reload(server, "Reload complete");
            PrometheusText after = PrometheusText.parse(RawHttp.get(status, "/metrics").body());
            assertEquals(1, after.value("stunnel_reloads_total"));
            assertEquals(1, after.value("stunnel_last_reload_successful"));
            assertEquals(0, after.value("stunnel_connections_total{service=\"b\"}"), "the new service is reported");

            Files.writeString(conf, Confs.PREAMBLE + globals + "bogus line\n");
            reload(server, "Failed to reload the configuration file");
            PrometheusText failed = PrometheusText.parse(RawHttp.get(status, "/metrics").body());
            assertEquals(2, failed.value("stunnel_reloads_total"));
            assertEquals(1, failed.value("stunnel_reload_failures_total"));
            assertEquals(0, failed.value("stunnel_last_reload_successful"));
            String health = RawHttp.get(status, "/health").body();
            assertTrue(health.contains("No '=' found"), "the failed reload's line is in the health report: " + health);
            assertTrue(health.contains("\"service\":\"b\""), "the running file's services are still reported");
        }
    }
}
