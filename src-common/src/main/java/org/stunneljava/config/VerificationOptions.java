package org.stunneljava.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peer-certificate options: {@code verify} (0-4), {@code verifyChain}, {@code verifyPeer}, {@code requireCert},
 * {@code checkHost}, {@code checkEmail}, {@code checkIP} (all three repeatable), {@code CAfile}, {@code CApath},
 * {@code CRLfile} and {@code CRLpath} (an empty value means none, as in stunnel). Applied in file order so that
 * their side effects on each other happen as in stunnel.
 */
final class VerificationOptions {
    private boolean request;   // off: no certificate request (verify = 0 turns it on alone)
    private boolean require;   // requireCert = no
    private boolean chain;     // verifyChain = no
    private boolean peer;      // verifyPeer = no
    private List<String> checkHost = new ArrayList<>(); // none
    private List<String> checkIp = new ArrayList<>();   // none
    private List<String> checkEmail = new ArrayList<>(); // none
    private String caFile;     // none; "CAfile =" (empty) also means none
    private String caPath;     // none
    private String crlFile;    // none
    private String crlPath;    // none

    VerificationOptions copy() {
        VerificationOptions c = new VerificationOptions();
        c.request = request;
        c.require = require;
        c.chain = chain;
        c.peer = peer;
        c.checkHost = new ArrayList<>(checkHost);
        c.checkIp = new ArrayList<>(checkIp);
        c.checkEmail = new ArrayList<>(checkEmail);
        c.caFile = caFile;
        c.caPath = caPath;
        c.crlFile = crlFile;
        c.crlPath = crlPath;
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
            case "checkEmail" -> checkEmail.add(value);
            case "CAfile" -> caFile = orNone(value);
            case "CApath" -> caPath = orNone(value);
            case "CRLfile" -> crlFile = orNone(value);
            case "CRLpath" -> crlPath = orNone(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String orNone(String value) {
        return value.isEmpty() ? null : value;
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

    /**
     * stunnel's end-of-section checks for checkEmail, checkHost and checkIP (made right after the certificate
     * check, in that order; all three say the same).
     */
    void checkSubjectsNeedVerification() throws OptionError {
        if (hasSubjectChecks() && !chain && !peer) {
            throw new OptionError("Either \"verifyChain\" or \"verifyPeer\" has to be enabled");
        }
    }

    /** stunnel's end-of-section check that verification has something to trust (CAengine: not supported). */
    void checkTrustAnchors() throws OptionError {
        if ((chain || peer) && caFile == null && caPath == null) {
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
        return !checkHost.isEmpty() || !checkEmail.isEmpty() || !checkIp.isEmpty();
    }

    Verification build(Path workingDirectory) {
        return new Verification(require, chain, peer, checkHost, checkIp, path(caFile, workingDirectory), request,
                checkEmail, path(caPath, workingDirectory), path(crlFile, workingDirectory),
                path(crlPath, workingDirectory));
    }

    private static Optional<Path> path(String value, Path workingDirectory) {
        return Optional.ofNullable(value).map(workingDirectory::resolve);
    }
}
