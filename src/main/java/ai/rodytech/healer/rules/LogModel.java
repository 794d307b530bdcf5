package ai.rodytech.healer.rules;

import ai.rodytech.healer.rules.LogScanner.Marker;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Set;

/**
 * The structure of a log, read before its evidence is weighed: the steps and commands it ran (a CI's step headers,
 * shell echoes such as {@code $ cmd} and {@code + cmd}, a build tool's goal or task headers), the point where a CI
 * reported that a step failed, the step that ended the run, retries and warning-level lines.
 *
 * <p>It answers one question for a match: does it sit where the run ended, or did the run go on past it? A match in
 * a step that a later step followed, one that a retry followed, or one on a warning line was recovered from.
 */
final class LogModel {
  /** Lines after a match within which a retry marker says the match was retried. */
  static final int RETRY_WINDOW = 12;

  private final LogScanner.Scan scan;
  private final int lineCount;
  private final int failurePoint;
  /** For each line, the number of the step it belongs to (0 before the first step header). */
  private final int[] step;
  private final int failingStep;
  private final List<LogLine> lines;
  private final boolean[] blank;
  /** Whether a line reads as trouble ({@link #ERRORISH}): 0 not yet looked at, 1 no, 2 yes. Looked at on demand. */
  private final byte[] errorish;

  /** Words of a line that reports trouble, whatever the tool: such a line does not show that a command went on. */
  private static final Pattern ERRORISH =
      Pattern.compile("(?i)error|fatal|fail|no such file|not found|cannot|can't|denied|\\bstop\\b|abort");

  LogModel(LogScanner.Scan scan, List<LogLine> lines) {
    this.scan = scan;
    this.lines = lines;
    this.lineCount = lines.size();
    this.blank = new boolean[lineCount];
    this.errorish = new byte[lineCount];
    for (int i = 0; i < lineCount; i++) {
      blank[i] = lines.get(i).text().isBlank();
    }
    int end = scan.firstStepEnd();
    this.failurePoint = end >= 0 ? end : lineCount - 1;
    this.step = new int[lineCount];
    int current = 0;
    for (int i = 0; i < lineCount; i++) {
      if (scan.has(i, Marker.STEP_START)) {
        current++;
      }
      step[i] = current;
    }
    this.failingStep = lineCount == 0 ? 0 : step[Math.max(0, failurePoint)];
  }

  /** The first line where a CI reported a failed step, else the last line. */
  int failurePoint() {
    return failurePoint;
  }

  /** Whether the line lies in a step or command that ended before the one that ended the run. */
  boolean inEarlierStep(int index) {
    return index >= 0 && index < lineCount && step[index] < failingStep;
  }

  /** Whether the line is printed at warning level (the tool went on). */
  boolean warning(int index) {
    return index >= 0 && scan.has(index, Marker.WARNING);
  }

  /**
   * Whether a retry marker follows the line (or is on it) within {@link #RETRY_WINDOW} lines, before the failure
   * point. The window may cross a step header: output of parallel work can come between an error and its retry.
   */
  boolean retried(int index) {
    if (index < 0) {
      return false;
    }
    int last = Math.min(failurePoint, index + RETRY_WINDOW);
    for (int i = index; i <= last; i++) {
      if (scan.has(i, Marker.RETRY)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the line's step printed something other than errors after it: a command that ends on an error failed
   * with it, even when the CI went on to the next command (and what failed after it is the consequence); one that
   * printed on went past it.
   */
  boolean wentOn(int index, Set<Integer> errorLines) {
    for (int i = index + 1; i < lineCount && step[i] == step[index]; i++) {
      if (!errorLines.contains(i) && !blank[i] && !errorish(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a line reads as trouble. Only the lines after a match are ever asked about, and seldom more than a
   * few, so the regex runs on those only (it ran on every line once: a third of the rules brain's time).
   */
  private boolean errorish(int index) {
    if (errorish[index] == 0) {
      String text = lines.get(index).text();
      boolean found = ERRORISH.matcher(text.length() > 4096 ? text.substring(0, 4096) : text).find();
      errorish[index] = (byte) (found ? 2 : 1);
    }
    return errorish[index] == 2;
  }

  /** Whether two lines belong to the same step or command. */
  boolean sameStep(int a, int b) {
    return a >= 0 && b >= 0 && step[a] == step[b];
  }
}
