package org.ecgstream.ingest.validation;

import org.ecgstream.ingest.deadletter.RejectReason;

/** A rule a frame breaks: the reason code and, for a human, what exactly was wrong. */
public record Violation(RejectReason reason, String detail) {}
