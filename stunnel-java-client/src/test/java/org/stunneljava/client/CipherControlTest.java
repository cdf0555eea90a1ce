package org.stunneljava.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.DHParameter;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.OpenSsl;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.Programs;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestKeys;
import org.stunneljava.testkit.TestPki;

/**
 * Client mode with {@code openssl s_server} as the peer: s_server prints what our ClientHello offered (its
 * {@code Shared ciphers} and {@code Supported groups} lines) and what was chosen ({@code CIPHER is}), so each
 * cipher and protocol control is checked on the wire, with a server that cannot meet it failing the handshake.
 */
@DisplayName("Client: cipher and protocol control, seen from openssl s_server")
class CipherControlTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki ec;
    static TestPki rsa;

    @BeforeAll
    static void setUp() throws Exception {
        OpenSsl.assumeInstalled();
        ec = TestPki.create(dir.resolve("ec"));
        rsa = TestPki.create(dir.resolve("rsa"), TestKeys.Algorithm.RSA_2048);
    }

    private static InProcessService client(String name, int serverPort, String options) throws Exception {
        return Tunnels.client(ServiceConfigs.load(dir, name, """
                [%s]
                client = yes
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                %s
                """.formatted(name, serverPort, options)));
    }

    private static Programs.OpensslServer sServer(TestPki pki, String... args) throws Exception {
        return Programs.opensslServer(pki.server().certPem(), pki.server().keyPem(), args);
    }

    /** A plaintext connection through our client: the line reaches s_server once the handshake is done. */
    private static void say(InProcessService client, Programs.OpensslServer server, String line) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), client.port())) {
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes());
            out.flush();
            server.process().await("^" + line + "$", WAIT);
        }
    }

    /** The handshake fails: our client logs why and closes, and s_server never gets the line. */
    private static void refused(InProcessService client, Programs.OpensslServer server) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), client.port())) {
            s.setSoTimeout(30_000);
            try {
                s.getOutputStream().write("never\n".getBytes());
            } catch (IOException resetAlready) {
                // the handshake starts at accept and may have failed before this write
            }
            Ports.readUntilEnd(s.getInputStream());
        }
        client.awaitLine("SSL_connect: ", WAIT);
        client.awaitLine("0 byte(s) sent to TLS, 0 byte(s) sent to socket", WAIT);
        assertFalse(server.process().output().contains("never"), server.process().output());
        assertFalse(client.lines().stream().anyMatch(l -> l.contains("ciphersuite:")), String.join("\n", client.lines()));
    }

    @Test
    void theConfiguredCiphersAreOfferedInTheirOrder() throws Exception {
        try (Programs.OpensslServer server = sServer(ec);
             InProcessService client = client("ordered", server.port(), """
                     ciphers = ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384
                     sslVersionMax = TLSv1.2
                     """)) {
            say(client, server, "hello");
            server.process().await("^Shared ciphers:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384$",
                    WAIT);
            server.process().await("^CIPHER is ECDHE-ECDSA-AES128-GCM-SHA256$", WAIT);
            client.awaitLine("TLSv1.2 ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256 (128-bit encryption)", WAIT);
        }
    }

    @Test
    void aServerThatOnlyHasExcludedSuitesIsRefused() throws Exception {
        try (Programs.OpensslServer server = sServer(ec, "-tls1_2", "-cipher", "AESGCM");
             InProcessService client = client("no-gcm", server.port(), "ciphers = HIGH:!AESGCM")) {
            refused(client, server);
        }
    }

    @Test
    void curvesAreOfferedInOrderAndTheFirstGetsTheKeyShare() throws Exception {
        try (Programs.OpensslServer server = sServer(ec);
             InProcessService client = client("curves", server.port(), "curves = P-384:X25519")) {
            say(client, server, "hello");
            server.process().await("^Supported groups: secp384r1:x25519$", WAIT);
        }
        try (Programs.OpensslServer server = sServer(ec, "-groups", "X25519");
             InProcessService client = client("retry", server.port(), "curves = P-384:X25519")) {
            say(client, server, "hello"); // the server asks again for X25519
            server.process().await("^CIPHER is TLS_AES_256_GCM_SHA384$", WAIT);
        }
        try (Programs.OpensslServer server = sServer(ec, "-groups", "X448");
             InProcessService client = client("no-group", server.port(), "curves = P-384:X25519")) {
            refused(client, server);
        }
    }

    @Test
    void optionsAndCiphersuitesDecideTheVersionAndTheTls13Suite() throws Exception {
        try (Programs.OpensslServer server = sServer(ec);
             InProcessService client = client("no-13", server.port(), "options = NO_TLSv1_3")) {
            say(client, server, "hello");
            server.process().await("^CIPHER is ECDHE-ECDSA-AES256-GCM-SHA384$", WAIT);
            client.awaitLine("TLSv1.2 ciphersuite: ECDHE-ECDSA-AES256-GCM-SHA384 (256-bit encryption)", WAIT);
        }
        try (Programs.OpensslServer server = sServer(ec, "-tls1_3");
             InProcessService client = client("no-13-refused", server.port(), "options = NO_TLSv1_3")) {
            refused(client, server);
        }
        try (Programs.OpensslServer server = sServer(ec);
             InProcessService client = client("chacha", server.port(),
                     "ciphersuites = TLS_CHACHA20_POLY1305_SHA256")) {
            say(client, server, "hello");
            server.process().await("^CIPHER is TLS_CHACHA20_POLY1305_SHA256$", WAIT);
            client.awaitLine("TLSv1.3 ciphersuite: TLS_CHACHA20_POLY1305_SHA256 (256-bit encryption)", WAIT);
        }
    }

    /** Level 0 lets TLS 1.1 through; the default level 2 offers TLS 1.2 and 1.3 only. */
    @Test
    void securityLevelDecidesWhetherOldVersionsAreOffered() throws Exception {
        try (Programs.OpensslServer server = sServer(rsa, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
             InProcessService client = client("level0", server.port(), "securityLevel = 0")) {
            say(client, server, "hello");
            client.awaitLine("TLSv1.1 ciphersuite: ECDHE-RSA-AES256-SHA (256-bit encryption)", WAIT);
        }
        try (Programs.OpensslServer server = sServer(rsa, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
             InProcessService client = client("level2", server.port(), "")) {
            refused(client, server);
        }
    }

    /** A TLS 1.2 DHE group of 1024 bits is too small from level 2 on (OpenSSL: dh key too small). */
    @Test
    void securityLevelBoundsTheServersDheGroup() throws Exception {
        // RFC 2409's 1024-bit group, in the PEM form s_server's -dhparam reads
        var group = DHStandardGroups.rfc2409_1024;
        byte[] der = new DHParameter(group.getP(), group.getG(), 0).getEncoded();
        Path dh = Files.writeString(dir.resolve("dh1024.pem"), "-----BEGIN DH PARAMETERS-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END DH PARAMETERS-----\n");
        String[] weakDh = {"-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256@SECLEVEL=0", "-dhparam", dh.toString()};
        try (Programs.OpensslServer server = sServer(rsa, weakDh);
             InProcessService client = client("dh-level1", server.port(),
                     "ciphers = DHE-RSA-AES128-GCM-SHA256\nsecurityLevel = 1")) {
            say(client, server, "hello");
            server.process().await("^CIPHER is DHE-RSA-AES128-GCM-SHA256$", WAIT);
        }
        try (Programs.OpensslServer server = sServer(rsa, weakDh);
             InProcessService client = client("dh-level2", server.port(), "ciphers = DHE-RSA-AES128-GCM-SHA256")) {
            refused(client, server);
        }
    }

    /**
     * A server's renegotiation request (s_server's R command sends HelloRequest) gets a no_renegotiation alert:
     * Bouncy Castle does not renegotiate, and OpenSSL ends a connection whose renegotiation was refused. The next
     * connection is not affected.
     */
    @Test
    void aServersRenegotiationRequestIsRefused() throws Exception {
        try (Programs.OpensslServer server = sServer(ec, "-tls1_2");
             InProcessService client = client("reneg", server.port(), "renegotiation = yes")) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), client.port())) {
                s.getOutputStream().write("first\n".getBytes());
                server.process().await("^first$", WAIT);
                server.process().stdin().write("R\n".getBytes());
                server.process().stdin().flush();
                server.process().await("no renegotiation", WAIT);
                s.setSoTimeout(30_000);
                Ports.readUntilEnd(s.getInputStream());
            }
            client.awaitLine("Connection reset", WAIT);
            say(client, server, "second");
        }
    }

    /**
     * OpenSSL's default ENABLE_MIDDLEBOX_COMPAT: the ClientHello carries a 32-byte legacy session id (RFC 8446
     * appendix D.4); {@code options = -ENABLE_MIDDLEBOX_COMPAT} sends an empty one. Read from the raw ClientHello:
     * 5 bytes of record header, 4 of handshake header, 2 of version, 32 of random, then the id's length.
     */
    @Test
    void middleboxCompatibilityIsOnUnlessCleared() throws Exception {
        assertEquals(32, legacySessionIdLength(""));
        assertEquals(0, legacySessionIdLength("options = -ENABLE_MIDDLEBOX_COMPAT"));
    }

    private static int legacySessionIdLength(String options) throws Exception {
        BlockingQueue<byte[]> hello = new LinkedBlockingQueue<>();
        try (Backends raw = Backends.custom(s -> {
                 try {
                     hello.add(s.getInputStream().readNBytes(44));
                 } catch (IOException e) {
                     hello.add(new byte[0]);
                 }
             });
             InProcessService client = client("compat" + options.length(), raw.port(), options);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), client.port())) {
            byte[] bytes = hello.poll(30, TimeUnit.SECONDS);
            assertEquals(44, bytes == null ? -1 : bytes.length);
            return bytes[43];
        }
    }
}
