package ai.rodytech.healer.rules;

import java.util.List;

/**
 * A signature file as written in YAML, before validation. Unknown fields are rejected so that a typo
 * ({@code patern:}) fails instead of silently dropping a signature.
 *
 * @param signatures evidence for a category
 * @param stepEnds lines that mark where a CI step failed: what follows is post-failure noise
 * @param failingTests lines that name a failing test in a named group {@code test}
 */
record SignatureFile(List<Entry> signatures, List<PatternEntry> stepEnds, List<PatternEntry> failingTests) {

  SignatureFile {
    signatures = signatures == null ? List.of() : signatures;
    stepEnds = stepEnds == null ? List.of() : stepEnds;
    failingTests = failingTests == null ? List.of() : failingTests;
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
      List<String> explains) {}

  /** A named pattern as written. */
  record PatternEntry(String name, String pattern) {}
}
