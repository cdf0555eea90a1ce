package org.stunneljava.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.tls.NamedGroup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stunneljava.testkit.OpenSsl;

@DisplayName("curves: OpenSSL's group names and list rules")
class GroupNamesTest {

    @Test
    void stunnelsDefaultInOrder() throws CipherListException {
        assertEquals(List.of(NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.x448, NamedGroup.secp521r1,
                NamedGroup.secp384r1), codes(TlsDefaults.CURVES));
    }

    @Test
    void namesAliasesAndSpaces() throws CipherListException {
        assertEquals(List.of(NamedGroup.secp256r1, NamedGroup.secp384r1, NamedGroup.x25519, NamedGroup.ffdhe2048),
                codes("prime256v1 : secp384r1:x25519:ffdhe2048"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p-256", "SECP256R1", "FFDHE2048", "P-256:", ":P-256", "P-256::X25519", "",
            "P-256:prime256v1", "X25519MLKEM768", "P-256,P-384"})
    void invalidListsAreRefusedWhole(String value) {
        assertThrows(CipherListException.class, () -> GroupNames.parse(value));
    }

    @Test
    void errorsNameTheCulprit() {
        assertEquals("unknown group \"p-256\"",
                assertThrows(CipherListException.class, () -> GroupNames.parse("X25519:p-256")).getMessage());
        assertEquals("group \"P-256\" given twice",
                assertThrows(CipherListException.class, () -> GroupNames.parse("prime256v1:P-256")).getMessage());
    }

    static Stream<String> lists() {
        Stream<String> names = GroupNames.names().stream();
        return Stream.concat(names, Stream.of("p-256", "SECP256R1", "P-256::X25519", "P-256:prime256v1",
                "X25519MLKEM768", "P-256,P-384", "P-384 : X448", "brainpoolP256r1tls13"));
    }

    /** Every name we accept, openssl accepts, and the lists we refuse, openssl refuses. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void opensslAgrees(String value) throws Exception {
        OpenSsl.assumeInstalled();
        // s_client sets the groups before it connects: a bad list fails at once, a good one at connect (port 1)
        OpenSsl.Result r = OpenSsl.run("s_client", "-groups", value, "-connect", "127.0.0.1:1");
        boolean opensslAccepts = !r.output().contains("cannot be set") && !r.output().contains("Failed to set groups")
                && !r.output().contains("SSL_CONF_cmd");
        boolean weAccept;
        try {
            GroupNames.parse(value);
            weAccept = true;
        } catch (CipherListException e) {
            weAccept = false;
        }
        assertEquals(opensslAccepts, weAccept, r.output());
    }

    private static List<Integer> codes(String value) throws CipherListException {
        return GroupNames.parse(value).stream().map(GroupNames.Group::code).toList();
    }
}
