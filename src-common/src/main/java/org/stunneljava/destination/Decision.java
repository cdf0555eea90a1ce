package org.stunneljava.destination;

/** What {@link DestinationRules} decided about one destination. */
public sealed interface Decision {
    /** @param rule the {@code protocolAllow} line that allows it, as written */
    record Allowed(String rule) implements Decision {
    }

    /** @param reason why, worded for the refusal log line */
    record Refused(String reason) implements Decision {
    }
}
