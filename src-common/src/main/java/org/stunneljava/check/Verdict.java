package org.stunneljava.check;

/**
 * What stunnel-java makes of one option line: {@code supported} (optionally with a short remark that is no
 * difference, such as "stunnel-java extension"), {@code differs: TEXT} (it runs, and TEXT says what is not as in
 * stunnel) or {@code not supported: TEXT} (the file does not run; TEXT says why: not yet, or never).
 */
record Verdict(Kind kind, String text) {
    enum Kind { SUPPORTED, DIFFERS, NOT_SUPPORTED }

    static final Verdict SUPPORTED = new Verdict(Kind.SUPPORTED, "");

    static Verdict supported(String remark) {
        return new Verdict(Kind.SUPPORTED, remark);
    }

    static Verdict differs(String text) {
        return new Verdict(Kind.DIFFERS, text);
    }

    static Verdict notSupported(String text) {
        return new Verdict(Kind.NOT_SUPPORTED, text);
    }

    /** The text after {@code FILE:LINE: OPTION: }, in a form scripts can grep. */
    String render() {
        return switch (kind) {
            case SUPPORTED -> text.isEmpty() ? "supported" : "supported (" + text + ")";
            case DIFFERS -> "differs: " + text;
            case NOT_SUPPORTED -> "not supported: " + text;
        };
    }
}
