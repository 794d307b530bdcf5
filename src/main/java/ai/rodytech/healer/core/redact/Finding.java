package ai.rodytech.healer.core.redact;

/** A stretch of text to mask: [start, end) of the original text, and what it is. */
record Finding(int start, int end, SecretKind kind) {}
