package org.stunneljava.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.tls.ExtensionType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stunneljava.config.ServiceConfig;
import org.stunneljava.launch.TlsSettingsFactory;
import org.stunneljava.net.Dialer;
import org.stunneljava.relay.ConnectionHooks;
import org.stunneljava.testkit.Backends;
import org.stunneljava.testkit.InProcessService;
import org.stunneljava.testkit.JdkTls;
import org.stunneljava.testkit.Ports;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.ServiceConfigs;
import org.stunneljava.testkit.TestPki;
import org.stunneljava.tls.HybridTlsCrypto;

/**
 * The lifecycle's hooks, which later features plug into (the original-destination allow-list, PROXY headers):
 * the authorize step sees the verified peer certificate and the ClientHello extensions and can refuse before the
 * backend is dialled; the preamble reaches the backend before any relayed byte.
 */
class ServerHooksTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static InProcessService start(int backendPort, ConnectionHooks hooks) throws Exception {
        ServiceConfig service = ServiceConfigs.load(dir, "hooks", """
                [hooks]
                accept = 127.0.0.1:0
                connect = 127.0.0.1:%d
                cert = %s
                verifyChain = yes
                requireCert = no
                CAfile = %s
                """.formatted(backendPort, pki.serverPem(), pki.caPem()));
        HybridTlsCrypto crypto = new HybridTlsCrypto(new SecureRandom());
        var tls = TlsSettingsFactory.server(service, crypto, new RecordingLog());
        return InProcessService.start(logs -> new ServerConnectionHandler(service, crypto, tls,
                Dialer.forService(service), logs, hooks));
    }

    /** Allows only clients whose verified certificate says CN=client, and counts ClientHellos that carried supported_versions (the extensions reach the hook). */
    private static ConnectionHooks onlyCnClient(AtomicInteger sawSni) {
        return ConnectionHooks.NONE.withAuthorize((connection, handshake) -> {
            if (handshake.clientExtensions().containsKey(ExtensionType.supported_versions)) {
                sawSni.incrementAndGet();
            }
            var chain = handshake.peerCertificate();
            String subject = chain == null || chain.isEmpty() ? "none" : subjectOf(chain);
            return subject.equals("CN=client") ? Optional.empty()
                    : Optional.of("Refused by policy: client certificate " + subject);
        });
    }

    private static String subjectOf(org.bouncycastle.tls.Certificate chain) {
        try {
            return org.bouncycastle.asn1.x509.Certificate.getInstance(chain.getCertificateAt(0).getEncoded())
                    .getSubject().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void authorizeRefusesAfterTheHandshakeWithoutDiallingTheBackend() throws Exception {
        AtomicInteger sni = new AtomicInteger();
        try (Backends backend = Backends.echo();
             InProcessService server = start(backend.port(), onlyCnClient(sni));
             SSLSocket client = JdkTls.connect(JdkTls.client(pki, null), server.port())) {
            String end;
            try {
                client.startHandshake(); // TLS 1.3: a KeyUpdate, written while the server may be refusing already
                client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                end = Ports.readUntilEnd(client.getInputStream());
            } catch (java.net.SocketException resetWhileWriting) {
                end = "reset"; // the refusal's reset arrived before our write
            }
            assertEquals("reset", end, "a refusal resets, as stunnel's errors do");
            server.awaitLine("Refused by policy: client certificate none", WAIT);
            server.awaitClosed(1, WAIT);
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("s_connect")), server.lines().toString());
            assertEquals(1, sni.get(), "the hook sees the ClientHello extensions");
        }
    }

    @Test
    void authorizeSeesTheVerifiedClientCertificateAndLetsItThrough() throws Exception {
        try (Backends backend = Backends.echo();
             InProcessService server = start(backend.port(), onlyCnClient(new AtomicInteger()));
             SSLSocket client = JdkTls.connect(JdkTls.client(pki, pki.client()), server.port())) {
            client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello\n", new String(client.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));
        }
    }
}
