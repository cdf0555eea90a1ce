package org.stunneljava.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peer-certificate options: {@code verify} (0-4), {@code verifyChain}, {@code verifyPeer}, {@code requireCert},
 * {@code checkHost}, {@code checkIP} (both repeatable) and {@code CAfile}. Applied in file order so that their side
 * effects on each other happen as in stunnel.
 */
final class VerificationOptions {
    private boolean request;   // off: no certificate request (verify = 0 turns it on alone)
    private boolean require;   // requireCert = no
    private boolean chain;     // verifyChain = no
    private boolean peer;      // verifyPeer = no
    private List<String> checkHost = new ArrayList<>(); // none
    private List<String> checkIp = new ArrayList<>();   // none
    private String caFile;     // none; "CAfile =" (empty) also means none

    VerificationOptions copy() {
        VerificationOptions c = new VerificationOptions();
        c.request = request;
        c.require = require;
        c.chain = chain;
        c.peer = peer;
        c.checkHost = new ArrayList<>(checkHost);
        c.checkIp = new ArrayList<>(checkIp);
        c.caFile = caFile;
        return c;
    }

    boolean apply(String option, String value) throws OptionError {
        switch (option) {
            case "verify" -> verifyLevel(value);
            case "verifyChain" -> chain = enabling(Values.yesNo(value));
            case "verifyPeer" -> peer = enabling(Values.yesNo(value));
            case "requireCert" -> require = enabling(Values.yesNo(value));
            case "checkHost" -> checkHost.add(value);
            case "checkIP" -> checkIp.add(value);
            case "CAfile" -> caFile = value.isEmpty() ? null : value;
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * "yes" also turns on the certificate request and requireCert (verifyChain/verifyPeer) or just the request
     * (requireCert); "no" clears only the flag itself.
     */
    private boolean enabling(boolean yes) {
        if (yes) {
            request = true;
            require = true;
        }
        return yes;
    }

    /** The obsolete level: 0 request only; 1 chain if presented; 2 require + chain; 3 + peer; 4 require + peer. */
    private void verifyLevel(String value) throws OptionError {
        Integer level = Values.integer(value);
        if (level == null || level < 0 || level > 4) {
            throw new OptionError("Bad verify level");
        }
        request = true;
        require = level >= 2;
        chain = level >= 1 && level <= 3;
        peer = level >= 3;
    }

    /** stunnel's end-of-section check for checkHost/checkIP (made right after the certificate check). */
    void checkSubjectsNeedVerification() throws OptionError {
        if ((!checkHost.isEmpty() || !checkIp.isEmpty()) && !chain && !peer) {
            throw new OptionError("Either \"verifyChain\" or \"verifyPeer\" has to be enabled");
        }
    }

    /** stunnel's end-of-section check that verification has something to trust (CApath/CAengine: not yet). */
    void checkTrustAnchors() throws OptionError {
        if ((chain || peer) && caFile == null) {
            throw new OptionError("Either \"CAengine\", \"CAfile\" or \"CApath\" has to be configured");
        }
    }

    boolean verifies() {
        return chain || peer;
    }

    boolean verifyChain() {
        return chain;
    }

    boolean verifyPeer() {
        return peer;
    }

    boolean hasSubjectChecks() {
        return !checkHost.isEmpty() || !checkIp.isEmpty();
    }

    Verification build(Path workingDirectory) {
        Optional<Path> ca = Optional.ofNullable(caFile).map(workingDirectory::resolve);
        return new Verification(require, chain, peer, checkHost, checkIp, ca, request);
    }
}
