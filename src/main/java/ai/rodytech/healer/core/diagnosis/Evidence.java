package ai.rodytech.healer.core.diagnosis;

/**
 * A line that supports a diagnosis.
 *
 * @param line 1-based line number in the log (0 for evidence that is not a log line, e.g. an exit code)
 * @param text the line, redacted
 */
public record Evidence(long line, String text) {}
