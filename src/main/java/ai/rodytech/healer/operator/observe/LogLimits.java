package ai.rodytech.healer.operator.observe;

/**
 * How much of a log to read: the last {@code tailLines} lines, at most {@code limitBytes} bytes.
 *
 * @param tailLines lines asked for
 * @param limitBytes bytes at most
 */
public record LogLimits(int tailLines, int limitBytes) {
  public static final LogLimits DEFAULT = new LogLimits(2000, 256 * 1024);
}
