package org.stunneljava.config;

import org.stunneljava.log.Severity;

/** A message the validator wants logged once at start-up (stunnel's MITM warning, "no effect" notes, ...). */
public record StartupNotice(Severity severity, String text) {
}
