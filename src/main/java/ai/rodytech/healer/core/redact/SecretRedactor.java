package ai.rodytech.healer.core.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The redactor used on every path out of a snapshot (LLM prompts, incidents, alerts, CLI output): masks
 * provider tokens, private keys, credentials in URLs and headers, and values whose key or variable name says
 * they are secret, as {@code [REDACTED:<kind>]}, keeping the key name readable. Optionally also masks exact
 * known values, e.g. the values of a Secret the operator has read. Thread-safe and linear in the text's
 * length. Redact whole texts before splitting them into lines: a private key is only recognisable whole.
 */
public final class SecretRedactor implements Redactor {
  /** Known values shorter than this are ignored: masking "admin" or "true" everywhere would wreck logs. */
  public static final int MIN_KNOWN_VALUE_LENGTH = 6;

  private static final List<List<SecretPattern>> PATTERNS =
      List.of(SecretPatterns.ALL, ProviderTokens.ALL, ContextSecrets.ALL);

  private final List<String> knownValues;

  /** A redactor with the built-in patterns only. */
  public SecretRedactor() {
    this(List.of());
  }

  private SecretRedactor(List<String> knownValues) {
    this.knownValues = knownValues;
  }

  /**
   * A redactor with the built-in patterns that also masks each of these exact values wherever it appears,
   * line by line for multi-line values and in base64 form too (as a Secret's data shows it). Values shorter
   * than {@link #MIN_KNOWN_VALUE_LENGTH} are ignored.
   */
  public static SecretRedactor withKnownValues(Collection<String> values) {
    Set<String> forms = new LinkedHashSet<>();
    values.stream().filter(Objects::nonNull).forEach(value -> addForms(value, forms));
    List<String> longestFirst = new ArrayList<>(forms);
    // Longest first so that a value containing another is masked whole.
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretRedactor(List.copyOf(longestFirst));
  }

  @Override
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<Finding> findings = new ArrayList<>();
    findByPatterns(text, findings::add);
    SecretData.find(text, SecretRedactor::holdsSecret, findings::add);
    for (String value : knownValues) {
      for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length())) {
        findings.add(new Finding(at, at + value.length(), SecretKind.KNOWN_SECRET));
      }
    }
    return Masking.apply(text, findings);
  }

  /** Every finding of the built-in patterns (not the known values, not base64 Secret data). */
  private static void findByPatterns(String text, Consumer<Finding> sink) {
    PemBlocks.find(text, sink);
    CommandPasswords.find(text, sink);
    ScanText scan = new ScanText(text);
    for (List<SecretPattern> patterns : PATTERNS) {
      for (SecretPattern pattern : patterns) {
        pattern.find(scan, sink);
      }
    }
  }

  /** Whether the built-in patterns find a secret in text: decoded Secret data is judged by this. */
  private static boolean holdsSecret(String text) {
    boolean[] found = {false};
    findByPatterns(text, finding -> found[0] = true);
    return found[0];
  }

  private static void addForms(String value, Set<String> forms) {
    addForm(value.strip(), forms);
    value.lines().forEach(line -> addForm(line.strip(), forms));
    addForm(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)), forms);
  }

  private static void addForm(String form, Set<String> forms) {
    if (form.length() >= MIN_KNOWN_VALUE_LENGTH) {
      forms.add(form);
    }
  }
}
