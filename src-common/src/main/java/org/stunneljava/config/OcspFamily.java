package org.stunneljava.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The option family {@code OCSP}, {@code OCSPaia}, {@code OCSPflag} (repeatable, accumulating),
 * {@code OCSPnonce}, {@code OCSPrequire} and {@code TIMEOUTocsp}, with stunnel 5.75's defaults and messages
 * (src/options.c). Builds {@link OcspOptions}.
 */
final class OcspFamily {
    private String responder;                                      // OCSP: none
    private boolean aia;                                           // OCSPaia = no
    private EnumSet<OcspFlag> flags = EnumSet.noneOf(OcspFlag.class); // OCSPflag: none
    private boolean nonce;                                         // OCSPnonce = no
    private boolean require = true;                                // OCSPrequire = yes
    private int timeout = 5;                                       // TIMEOUTocsp = 5 seconds

    OcspFamily copy() {
        OcspFamily c = new OcspFamily();
        c.responder = responder;
        c.aia = aia;
        c.flags = EnumSet.copyOf(flags);
        c.nonce = nonce;
        c.require = require;
        c.timeout = timeout;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "OCSP" -> responder = value; // as stunnel: any text, even empty; parsed when used
            case "OCSPaia" -> aia = Values.yesNo(value);
            case "OCSPflag" -> flags.add(OcspFlag.named(value)
                    .orElseThrow(() -> new OptionError("Illegal OCSP flag")));
            case "OCSPnonce" -> nonce = Values.yesNo(value);
            case "OCSPrequire" -> require = Values.yesNo(value);
            case "TIMEOUTocsp" -> timeout = seconds(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** stunnel 5.75's end-of-section check: responders are only asked about a verified chain. */
    void checkNeedsChain(boolean verifyChain) throws OptionError {
        if ((responder != null || aia) && !verifyChain) {
            throw new OptionError("\"verifyChain\" has to be enabled for OCSP support");
        }
    }

    OcspOptions build() {
        return new OcspOptions(Optional.ofNullable(responder), aia, flags, nonce, require,
                timeout < 0 ? Timeouts.NO_LIMIT : Duration.ofSeconds(timeout));
    }

    private static int seconds(String value) throws OptionError {
        Integer n = Values.integer(value);
        if (n == null) {
            throw new OptionError("Illegal OCSP connect timeout");
        }
        return n;
    }
}
