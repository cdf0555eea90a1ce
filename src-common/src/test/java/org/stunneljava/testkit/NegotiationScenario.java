package org.stunneljava.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One protocol negotiation through a tunnel, written once and run against every tunnel (ours and stunnel's): the
 * tunnel's extra service lines, the scripts of the two ends (the <em>local</em> end connects to the tunnel; the
 * <em>remote</em> end is the server the tunnel connects to), what each end must receive ({@link LinePeer}'s
 * transcript form) and the connection's protocol log lines ({@link #RELEVANT}), exactly and in order.
 *
 * @param name       what the scenario shows
 * @param options    the service's lines after accept/connect (e.g. {@code protocol = smtp})
 * @param local      the script of the end that connects to the tunnel
 * @param remote     the script of the server the tunnel connects to
 * @param localGets  what the local end must receive
 * @param remoteGets what the remote end must receive
 * @param log        the connection's {@link #RELEVANT} log lines, as {@code LOG<n>: text}
 */
public record NegotiationScenario(String name, String options, LinePeer.Script local, LinePeer.Script remote,
                                  List<String> localGets, List<String> remoteGets, List<String> log) {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** {@link #remoteGets} of a scenario in which the tunnel never connects the remote end. */
    public static final List<String> NEVER_CONNECTED = List.of("<never connected>");

    /**
     * The lines a scenario pins down: errors, the protocol dialogue ({@code " -> "}, {@code " <- "}), the
     * protocols' own debug and info lines, TIMEOUTbusy, the SNI sent and the close line. Handshake, verification
     * (our client's 5.75-style OCSP stapling note) and relay details are left to other tests.
     */
    public static final Pattern RELEVANT = Pattern.compile("LOG3: (?!OCSP: ).*|LOG7:  (->|<-) .*"
            + "|.*(RFC 2487|RFC 2595|LDAP|psql|SSLRequest|GSSAPI|TIMEOUTbusy|SNI: (sending|extension)).*"
            + "|LOG5: Connection (closed|reset)\\S*: .*");

    /** Makes a tunnel whose service connects to the given port. */
    @FunctionalInterface
    public interface TunnelFactory {
        TunnelUnderTest connectingTo(int remotePort) throws Exception;
    }

    /** Plays the scenario through the tunnel and asserts both transcripts and the log lines. */
    public void runThrough(TunnelFactory tunnels) throws Exception {
        try (ScriptedServer server = ScriptedServer.start(remote);
             TunnelUnderTest tunnel = tunnels.connectingTo(server.port())) {
            List<String> localGot;
            try (LinePeer peer = LinePeer.connect(tunnel.port())) {
                localGot = peer.play(local);
            }
            List<String> lines = tunnel.connectionLines(WAIT);
            // the tunnel's connection is over: a remote it never dialled will not be dialled now
            List<String> remoteGot = remoteGets.equals(NEVER_CONNECTED) && !server.connected()
                    ? NEVER_CONNECTED : server.transcript(WAIT);
            List<String> relevant = lines.stream().filter(l -> RELEVANT.matcher(l).matches()).toList();
            assertAll(name,
                    () -> assertEquals(localGets, localGot, "what the local end received"),
                    () -> assertEquals(remoteGets, remoteGot, "what the remote end received"),
                    () -> assertEquals(log, relevant, () -> "log lines; all lines:\n" + String.join("\n", lines)));
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a scenario step by step. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private String options = "";
        private LinePeer.Script local = p -> { };
        private LinePeer.Script remote = p -> { };
        private List<String> localGets = List.of();
        private List<String> remoteGets = List.of();

        private Builder(String name) {
            this.name = name;
        }

        public Builder options(String lines) {
            this.options = lines;
            return this;
        }

        public Builder local(LinePeer.Script script, String... gets) {
            this.local = script;
            this.localGets = List.of(gets);
            return this;
        }

        /** The tunnel must not connect the remote end (a refusal before the next hop is dialled). */
        public Builder noRemote() {
            this.remote = p -> { };
            this.remoteGets = NEVER_CONNECTED;
            return this;
        }

        public Builder remote(LinePeer.Script script, String... gets) {
            this.remote = script;
            this.remoteGets = List.of(gets);
            return this;
        }

        public NegotiationScenario log(String... lines) {
            return new NegotiationScenario(name, options, local, remote, localGets, remoteGets, List.of(lines));
        }
    }
}
