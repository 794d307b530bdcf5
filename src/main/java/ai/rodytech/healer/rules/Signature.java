package ai.rodytech.healer.rules;

import ai.rodytech.healer.core.diagnosis.Category;
import java.util.List;

/**
 * The shape of one kind of failure as it shows in a log: any of its patterns matching a line is evidence for
 * its category.
 *
 * @param name unique, readable name (kebab-case), shown in evidence and errors
 * @param category the failure category a match supports
 * @param patterns the regular expressions, any of which may match a line
 * @param explanation one short sentence a developer understands, used in the diagnosis summary
 * @param weight how strongly one match supports the category, 0..1
 * @param reach how many lines before the point where the run failed a match keeps its full weight; beyond, its
 *     weight fades, so the error that ended the run outweighs an earlier, recovered one
 * @param symptom whether a match only says that something failed, not why (BUILD FAILURE, "3 tests failed"):
 *     a symptom supports its category when nothing names a cause, and never counts against a cause
 * @param explains for a context signature: the categories or signature names whose errors it explains (a
 *     dependency bump explains the compile errors that follow it); empty for an ordinary signature
 * @param unless patterns that veto a match: a line matching one of them is no evidence for this signature (what a
 *     lookahead said before patterns became linear-time)
 * @param bare for a symptom: it only says that a command or build failed ("BUILD FAILURE", "exit code 1"), not that
 *     any work ran, so it does not show that the run went on past an earlier network error
 * @param source the file the signature came from
 */
public record Signature(
    String name,
    Category category,
    List<LinePattern> patterns,
    String explanation,
    double weight,
    int reach,
    boolean symptom,
    List<String> explains,
    List<LinePattern> unless,
    boolean bare,
    String source) {

  public Signature {
    patterns = List.copyOf(patterns);
    explains = List.copyOf(explains);
    unless = List.copyOf(unless);
  }

  /** Whether a line that one of the patterns matched is vetoed by an {@code unless} pattern. */
  boolean vetoes(LogLine line) {
    for (LinePattern veto : unless) {
      if (veto.matches(line)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a match names a cause a retry, more memory or a pinned version can fix. */
  public boolean heals() {
    return category.expectedAction().heals();
  }

  /**
   * A context signature says what changed in the run (a dependency bump, a new snapshot) rather than what
   * failed: it never wins alone, it re-labels the errors it explains.
   */
  public boolean context() {
    return !explains.isEmpty();
  }

  /** Whether this context explains a hit of the given signature. */
  public boolean explains(Signature other) {
    return explains.contains(other.name()) || explains.contains(other.category().wireName());
  }
}
