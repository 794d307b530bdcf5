package ai.rodytech.healer.cli;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that choose and configure the brain of the offline commands (diagnose, eval). */
public final class BrainOptions {

  @Option(
      names = "--signatures",
      paramLabel = "PATH",
      description = "An extra signature file, or a directory of *.yaml signature files (e.g. a mounted ConfigMap),"
          + " added to the built-in ones. Repeatable.")
  List<Path> signatures = new ArrayList<>();

  /** The one place the CLI builds its brain, so that other brains can be offered here as options. */
  Brain brain(Redactor redactor) {
    return new RulesBrain(SignatureCatalog.load(signatures), redactor);
  }

  /**
   * The redactor for all text the CLI prints. The secret redactor is plugged in here; until then this is the
   * pass-through one.
   */
  static Redactor redactor() {
    return Redactor.none();
  }
}
