package org.stunneljava.testkit;

import java.util.function.Function;

/**
 * One row of a table of certificate verification outcomes (tests named like stunnel's verify scenarios): the
 * verifying service's lines, the certificate its peer presents, and what a user observes. Shown by its name in test
 * reports.
 *
 * @param options the verifying service's verification lines, given the PKI
 * @param peer    the certificate the peer presents (a function returning null: none)
 * @param alert   the alert the peer receives (JDK name), or null when data flows
 * @param logged  a line fragment the verifying side logs for the connection
 */
public record VerificationRow(String name, Function<TestPki, String> options,
                              Function<TestPki, TestPki.Identity> peer, String alert, String logged) {
    public static VerificationRow row(String name, Function<TestPki, String> options,
                                      Function<TestPki, TestPki.Identity> peer, String alert, String logged) {
        return new VerificationRow(name, options, peer, alert, logged);
    }

    @Override
    public String toString() {
        return name;
    }
}
