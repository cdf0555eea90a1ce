package org.stunneljava.client;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stunneljava.client.StarttlsPairs.Side;
import org.stunneljava.testkit.NegotiationScenario;
import org.stunneljava.testkit.TestPki;

/**
 * {@link StarttlsPairs} with our built programs as users run them (the jars, in processes of their own) opposite
 * stunnel 5.68: our client program in front of a stunnel server, a stunnel client in front of our server program.
 */
class StarttlsPairIT {
    @TempDir
    static Path dir;
    static StarttlsPairs pairs;

    @BeforeAll
    static void pki() throws Exception {
        pairs = new StarttlsPairs(dir, TestPki.create(dir.resolve("pki")));
    }

    static Stream<Arguments> pairs() {
        return StarttlsPairs.scenarios().stream().flatMap(s -> Stream.of(
                Arguments.of(Side.PROGRAM, Side.STUNNEL, s), Arguments.of(Side.STUNNEL, Side.PROGRAM, s)));
    }

    @ParameterizedTest(name = "{0} client -> {1} server: {2}")
    @MethodSource("pairs")
    void ourProgramsOppositeStunnel(Side client, Side server, NegotiationScenario scenario) throws Exception {
        pairs.run(client, server, scenario);
    }
}
