package ai.rodytech.healer.core.redact;

/** Masks secrets in text before it leaves a snapshot: toward an LLM, an incident, an alert or the CLI. */
@FunctionalInterface
public interface Redactor {

  String redact(String text);

  /** For tests of code that is not about redaction. Never use it on a path that leaves the process. */
  static Redactor none() {
    return text -> text;
  }
}
