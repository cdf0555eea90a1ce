package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stunneljava.config.SessionOptions;
import org.stunneljava.config.TicketSecrets;
import org.stunneljava.net.ChannelStreams;
import org.stunneljava.testkit.RecordingLog;
import org.stunneljava.testkit.MutableClock;

/**
 * Our TLS client and server resuming TLS 1.2 sessions over loopback: by ticket and by session ID, what each side
 * refuses to resume (other keys, expired, TLS 1.3, a now-required client certificate, sessionResume = no), and the
 * session state (backend, redirect decision) that resumed connections share.
 */
class SessionResumptionTest {
    private static final HybridTlsCrypto CRYPTO = new HybridTlsCrypto(new SecureRandom());
    private static final ProtocolVersion[] TLS12 = {ProtocolVersion.TLSv12};
    private static final ProtocolVersion[] BOTH = {ProtocolVersion.TLSv13, ProtocolVersion.TLSv12};
    private static final SessionOptions DEFAULTS = SessionOptions.DEFAULT;
    private static final TicketSecrets SECRETS = new TicketSecrets(
            HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
            HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"));
    private static final SocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 1);

    private static LocalCredentials serverCredentials;
    private static LocalCredentials clientCredentials;
    private static ExecutorService threads;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeAll
    static void setUp() throws Exception {
        serverCredentials = QuickCredentials.create(CRYPTO);
        clientCredentials = QuickCredentials.create(CRYPTO);
        threads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterAll
    static void tearDown() {
        threads.shutdownNow();
    }

    /** One completed handshake: both peers, for their records and the server's session state. */
    record Handshake(StunnelTlsServer server, StunnelTlsClient client) {
        boolean resumed() {
            assertEquals(server.record().resumed(), client.record().resumed(), "both sides agree");
            return server.record().resumed();
        }
    }

    private ServerSessions serverSessions(SessionOptions options, boolean noTicket) {
        return ServerSessions.of("svc", options, noTicket, new SecureRandom(), clock);
    }

    private ClientSessions clientSessions(SessionOptions options, boolean noTicket) {
        return ClientSessions.of(options, noTicket, false, clock);
    }

    private static ServerTlsSettings server(ServerSessions sessions, ProtocolVersion[] versions,
                                            ServerTlsSettings.ClientAuth auth, int[] suites,
                                            PeerCertificateCheck check) {
        return new ServerTlsSettings(serverCredentials, versions, suites, TlsDefaults.GROUPS, auth, List.of(),
                check, false, OcspStapling.NONE, PskTable.NONE, sessions);
    }

    private static ServerTlsSettings server(ServerSessions sessions, ProtocolVersion[] versions) {
        return server(sessions, versions, ServerTlsSettings.ClientAuth.NONE, TlsDefaults.allSuites(),
                PeerCertificateCheck.ACCEPT_ANY);
    }

    private static ClientTlsSettings client(ClientSessions sessions, ProtocolVersion[] versions, int[] suites) {
        return new ClientTlsSettings(Optional.of(clientCredentials), versions, suites, TlsDefaults.GROUPS,
                Optional.of("localhost"), PeerCertificateCheck.ACCEPT_ANY, PskTable.NONE, sessions);
    }

    private static ClientTlsSettings client(ClientSessions sessions, ProtocolVersion[] versions) {
        return client(sessions, versions, TlsDefaults.allSuites());
    }

    private static Handshake handshake(ServerTlsSettings serverSettings, ClientTlsSettings clientSettings)
            throws Exception {
        return handshake(serverSettings, clientSettings, null);
    }

    /** @param created receives the server peer before its handshake starts (for callbacks that need it) */
    private static Handshake handshake(ServerTlsSettings serverSettings, ClientTlsSettings clientSettings,
                                       AtomicReference<StunnelTlsServer> created) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel clientChannel = SocketChannel.open(listener.getLocalAddress());
                 SocketChannel serverChannel = listener.accept()) {
                StunnelTlsServer serverPeer = new StunnelTlsServer(CRYPTO, serverSettings, new RecordingLog());
                if (created != null) {
                    created.set(serverPeer);
                }
                var server = new RelayServerProtocol(ChannelStreams.in(serverChannel), ChannelStreams.out(serverChannel));
                CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                    try {
                        server.accept(serverPeer);
                        server.close();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, threads);
                StunnelTlsClient clientPeer = new StunnelTlsClient(CRYPTO, clientSettings, new RecordingLog(), REMOTE);
                var client = new RelayClientProtocol(ChannelStreams.in(clientChannel), ChannelStreams.out(clientChannel));
                client.connect(clientPeer);
                accepted.get(10, TimeUnit.SECONDS);
                client.close();
                return new Handshake(serverPeer, clientPeer);
            }
        }
    }

    private static List<Boolean> resumedFlags(ServerTlsSettings s, ClientTlsSettings c, int count) throws Exception {
        List<Boolean> flags = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            flags.add(handshake(s, c).resumed());
        }
        return flags;
    }

    @Test
    void tls12ResumesByTicketAndLogsTheSessionId() throws Exception {
        ServerTlsSettings s = server(serverSessions(DEFAULTS, false), TLS12);
        ClientTlsSettings c = client(clientSessions(DEFAULTS, false), TLS12);
        Handshake first = handshake(s, c);
        assertFalse(first.resumed());
        assertNull(first.server().record().sessionId(), "a server that issued a ticket prints no id (stunnel)");
        assertNotNull(first.client().record().sessionId());
        Handshake second = handshake(s, c);
        assertTrue(second.resumed());
        assertEquals(first.client().record().sessionId(), second.server().record().sessionId(),
                "the server echoes the id the client sent with its ticket: SHA-256 of the ticket, as OpenSSL");
        assertTrue(handshake(s, c).resumed());
    }

    @Test
    void tls12ResumesBySessionIdWithNoTicket() throws Exception {
        for (boolean serverNoTicket : new boolean[]{true, false}) {
            ServerTlsSettings s = server(serverSessions(DEFAULTS, serverNoTicket), TLS12);
            ClientTlsSettings c = client(clientSessions(DEFAULTS, !serverNoTicket), TLS12);
            Handshake first = handshake(s, c);
            assertNotNull(first.server().record().sessionId());
            assertEquals(first.server().record().sessionId(), first.client().record().sessionId());
            assertEquals(List.of(true, true), resumedFlags(s, c, 2), "server NO_TICKET: " + serverNoTicket);
        }
    }

    @Test
    void cbcSuitesWithEncryptThenMacResumeBothWays() throws Exception {
        int[] cbc = {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256};
        for (boolean noTicket : new boolean[]{false, true}) {
            ServerTlsSettings s = server(serverSessions(DEFAULTS, noTicket), TLS12,
                    ServerTlsSettings.ClientAuth.NONE, cbc, PeerCertificateCheck.ACCEPT_ANY);
            ClientTlsSettings c = client(clientSessions(DEFAULTS, false), TLS12, cbc);
            assertEquals(List.of(false, true, true), resumedFlags(s, c, 3), "NO_TICKET: " + noTicket);
        }
    }

    @Test
    void sessionResumeNoOnEitherSideResumesNothing() throws Exception {
        SessionOptions off = new SessionOptions(1000, Duration.ofSeconds(300), false, Optional.empty());
        assertEquals(List.of(false, false, false), resumedFlags(server(serverSessions(off, false), TLS12),
                client(clientSessions(DEFAULTS, false), TLS12), 3));
        assertEquals(List.of(false, false, false), resumedFlags(server(serverSessions(DEFAULTS, false), TLS12),
                client(clientSessions(off, false), TLS12), 3));
    }

    /** Bouncy Castle 1.84 has no TLS 1.3 resumption: every TLS 1.3 handshake is a full one. */
    @Test
    void tls13IsNeverResumed() throws Exception {
        ServerTlsSettings s = server(serverSessions(DEFAULTS, false), BOTH);
        ClientTlsSettings c = client(clientSessions(DEFAULTS, false), BOTH);
        Handshake first = handshake(s, c);
        assertEquals("TLSv1.3", first.server().record().version());
        assertEquals(List.of(false, false), resumedFlags(s, c, 2));
    }

    @Test
    void ticketsSurviveARestartWithTheSameSecretsOnly() throws Exception {
        SessionOptions shared = new SessionOptions(1000, Duration.ofSeconds(300), true, Optional.of(SECRETS));
        ClientTlsSettings c = client(clientSessions(DEFAULTS, false), TLS12);
        assertFalse(handshake(server(serverSessions(shared, false), TLS12), c).resumed());
        assertTrue(handshake(server(serverSessions(shared, false), TLS12), c).resumed(), "restarted, same secrets");
        ServerTlsSettings random = server(serverSessions(DEFAULTS, false), TLS12);
        assertEquals(List.of(false, true), resumedFlags(random, c, 2),
                "random keys: the old ticket is refused, a full handshake issues a new one");
    }

    @Test
    void aTicketOpensOnlyForItsService() throws Exception {
        SessionOptions shared = new SessionOptions(1000, Duration.ofSeconds(300), true, Optional.of(SECRETS));
        ClientTlsSettings c = client(clientSessions(DEFAULTS, false), TLS12);
        handshake(server(serverSessions(shared, false), TLS12), c);
        ServerSessions other = ServerSessions.of("other", shared, false, new SecureRandom(), clock);
        assertFalse(handshake(server(other, TLS12), c).resumed());
    }

    @Test
    void sessionsExpireAfterSessionCacheTimeout() throws Exception {
        for (boolean noTicket : new boolean[]{false, true}) {
            ServerTlsSettings s = server(serverSessions(DEFAULTS, noTicket), TLS12);
            // The client keeps sessions for a day (a ticket only for its lifetime hint, the server's timeout).
            ClientTlsSettings c = client(clientSessions(new SessionOptions(1000, Duration.ofDays(1), true,
                    Optional.empty()), false), TLS12);
            handshake(s, c);
            clock.advance(Duration.ofSeconds(299));
            assertTrue(handshake(s, c).resumed());
            clock.advance(Duration.ofSeconds(1));
            assertFalse(handshake(s, c).resumed(), "NO_TICKET: " + noTicket);
        }
    }

    @Test
    void aServerThatNowRequiresACertificateDoesNotResumeASessionWithoutOne() throws Exception {
        SessionOptions shared = new SessionOptions(1000, Duration.ofSeconds(300), true, Optional.of(SECRETS));
        ClientTlsSettings c = client(clientSessions(DEFAULTS, false), TLS12);
        handshake(server(serverSessions(shared, false), TLS12), c); // no certificate requested
        ServerTlsSettings requiring = server(serverSessions(shared, false), TLS12,
                ServerTlsSettings.ClientAuth.REQUIRE, TlsDefaults.allSuites(), PeerCertificateCheck.ACCEPT_ANY);
        Handshake full = handshake(requiring, c);
        assertFalse(full.resumed());
        assertNotNull(full.server().record().peerCertificate(), "the full handshake asked for the certificate");
        Handshake resumed = handshake(requiring, c);
        assertTrue(resumed.resumed(), "this session has one");
        assertNotNull(resumed.server().record().peerCertificate(), "a resumed session keeps its verified peer");
    }

    @Test
    void resumedConnectionsShareTheSessionStateByIdAndByTicket() throws Exception {
        for (boolean noTicket : new boolean[]{false, true}) {
            ServerTlsSettings s = server(serverSessions(DEFAULTS, noTicket), TLS12);
            ClientTlsSettings c = client(clientSessions(DEFAULTS, false), TLS12);
            Handshake first = handshake(s, c);
            SocketAddress backend = new InetSocketAddress("127.0.0.1", 17001);
            first.server().persistence().remember().accept(backend);
            Handshake second = handshake(s, c);
            assertSame(first.server().sessionState(), second.server().sessionState(), "NO_TICKET: " + noTicket);
            assertTrue(second.server().persistence().resumed());
            assertEquals(backend, second.server().persistence().previous().get());
            assertFalse(first.server().persistence().resumed());
        }
    }

    /**
     * The redirect decision, made while the client certificate is checked, goes into the ticket: a server
     * restarted with the same keys still knows that the session was not authenticated.
     */
    @Test
    void theRedirectDecisionTravelsInTheTicket() throws Exception {
        SessionOptions shared = new SessionOptions(1000, Duration.ofSeconds(300), true, Optional.of(SECRETS));
        AtomicReference<StunnelTlsServer> current = new AtomicReference<>();
        PeerCertificateCheck redirecting = (chain, log) -> current.get().sessionState().redirected(true);
        ClientTlsSettings c = client(clientSessions(DEFAULTS, false), TLS12);
        Handshake first = handshake(server(serverSessions(shared, false), TLS12, ServerTlsSettings.ClientAuth.REQUEST,
                TlsDefaults.allSuites(), redirecting), c, current);
        assertTrue(first.server().sessionState().redirected());
        Handshake afterRestart = handshake(server(serverSessions(shared, false), TLS12,
                ServerTlsSettings.ClientAuth.REQUEST, TlsDefaults.allSuites(), redirecting), c);
        assertTrue(afterRestart.resumed());
        assertTrue(afterRestart.server().sessionState().redirected());
        assertNull(afterRestart.server().record().peerCertificate(), "an unauthenticated session shows no peer");
    }

    @Test
    void theClientOffersASessionOnlyToTheAddressItCameFrom() throws Exception {
        ServerTlsSettings s = server(serverSessions(DEFAULTS, false), TLS12);
        ClientSessions sessions = clientSessions(DEFAULTS, false);
        ClientTlsSettings c = client(sessions, TLS12);
        handshake(s, c);
        assertNotNull(sessions.slot(REMOTE).get());
        assertNull(sessions.slot(new InetSocketAddress("127.0.0.1", 2)).get());
        ClientSessions perService = ClientSessions.of(DEFAULTS, false, true, clock);
        handshake(s, client(perService, TLS12));
        assertNotNull(perService.slot(new InetSocketAddress("127.0.0.1", 2)).get(), "delay = yes: one session");
    }

    @Test
    void aClientTicketExpiresWithItsLifetimeHint() throws Exception {
        SessionOptions shortLived = new SessionOptions(1000, Duration.ofSeconds(60), true, Optional.empty());
        ServerTlsSettings s = server(serverSessions(shortLived, false), TLS12);
        ClientSessions sessions = clientSessions(DEFAULTS, false);
        handshake(s, client(sessions, TLS12));
        ClientSessions.Stored stored = sessions.slot(REMOTE).get();
        assertNotNull(stored.ticket());
        assertEquals(clock.instant().plusSeconds(60), stored.expires());
        assertArrayEquals(java.security.MessageDigest.getInstance("SHA-256").digest(stored.ticket()), stored.id());
    }
}
