package org.stunneljava.client;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.client.StarttlsPairs.Side;
import org.stunneljava.testkit.NegotiationScenario;
import org.stunneljava.testkit.TestPki;

/**
 * {@link StarttlsPairs} in this JVM: each of our modes opposite stunnel 5.68 in the other, and ours on both sides.
 * {@link StarttlsPairIT} runs the same pairs with our built programs.
 */
class StarttlsPairTest {
    @TempDir
    static Path dir;
    static StarttlsPairs pairs;

    @BeforeAll
    static void pki() throws Exception {
        pairs = new StarttlsPairs(dir, TestPki.create(dir.resolve("pki")));
    }

    static Stream<NegotiationScenario> scenarios() {
        return StarttlsPairs.scenarios().stream();
    }

    static Stream<Arguments> withStunnel() {
        return StarttlsPairs.scenarios().stream().flatMap(s -> Stream.of(Arguments.of(Side.OURS, Side.STUNNEL, s),
                Arguments.of(Side.STUNNEL, Side.OURS, s)));
    }

    @ParameterizedTest(name = "ours -> ours: {0}")
    @MethodSource("scenarios")
    void oursBothSides(NegotiationScenario scenario) throws Exception {
        pairs.run(Side.OURS, Side.OURS, scenario);
    }

    @Tag("e2e")
    @ParameterizedTest(name = "{0} client -> {1} server: {2}")
    @MethodSource("withStunnel")
    void oppositeModesWithStunnel(Side client, Side server, NegotiationScenario scenario) throws Exception {
        pairs.run(client, server, scenario);
    }
}
