package ai.rodytech.healer.rules;

import java.util.List;

/**
 * A signature file as written in YAML, before validation. Unknown fields are rejected so that a typo
 * ({@code patern:}) fails instead of silently dropping a signature.
 *
 * @param signatures evidence for a category
 * @param stepEnds lines that mark where a CI step failed: what follows is post-failure noise
 * @param failingTests lines that name a failing test in a named group {@code test}
 * @param stepStarts lines where a CI step or a command begins (a step header, a shell echo)
 * @param retryMarkers lines that say what came before is being tried again
 * @param warningLines lines a tool prints at warning level: what they say did not stop it
 */
record SignatureFile(
    List<Entry> signatures,
    List<PatternEntry> stepEnds,
    List<PatternEntry> failingTests,
    List<PatternEntry> stepStarts,
    List<PatternEntry> retryMarkers,
    List<PatternEntry> warningLines) {

  SignatureFile {
    signatures = orEmpty(signatures);
    stepEnds = orEmpty(stepEnds);
    failingTests = orEmpty(failingTests);
    stepStarts = orEmpty(stepStarts);
    retryMarkers = orEmpty(retryMarkers);
    warningLines = orEmpty(warningLines);
  }

  static SignatureFile empty() {
    return new SignatureFile(null, null, null, null, null, null);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** One signature as written; absent numbers take the catalog's defaults. */
  record Entry(
      String name,
      String category,
      List<String> patterns,
      String explanation,
      Double weight,
      Integer reach,
      Boolean ignoreCase,
      Boolean symptom,
      List<String> explains,
      List<String> unless,
      Boolean bare) {}

  /** A named pattern as written. */
  record PatternEntry(String name, String pattern) {}
}
