package ai.rodytech.healer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's targets for logs from projects the signatures were not written from, on src/test/resources/eval-unseen:
 * small logs written for this check, one or more per ecosystem (Gradle, Cargo, Go, pip/conda, npm/yarn/pnpm,
 * Bundler/RSpec, Composer/PHPUnit, Mix/Hex/ExUnit, Cabal/Stack/GHC, CMake/Make/gcc/clang, SwiftPM/Xcode,
 * dotnet/NuGet, Docker/BuildKit, apt/apk/dnf, git, CI services), each in its tool's own output format. The same
 * targets hold on the perturbed copies (CI timestamps and colours; a recovered network blip).
 */
class UnseenCasesTest {
  static final Path UNSEEN = Path.of("src/test/resources/eval-unseen");
  static List<EvalCase> cases;
  static Evaluation evaluation;

  @BeforeAll
  static void load() throws Exception {
    cases = EvalCases.load(UNSEEN);
    evaluation = new Evaluation(new RulesBrain(SignatureCatalog.builtIn(), Redactor.none()), new LogTailReader(),
        BrainContext.permissive());
  }

  @Test
  void theSetCoversEveryCategoryAndManyProjects() {
    assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
    assertThat(cases.stream().map(EvalCase::project).distinct().count()).isGreaterThanOrEqualTo(20);
    assertThat(cases.stream().map(EvalCase::label).distinct().count()).isEqualTo(8);
  }

  @Test
  void plainLogsMeetTheUnseenTargets() {
    assertMeetsTargets(Scorecard.of(evaluation.run(cases).brain()));
  }

  @Test
  void reformattedLogsMeetTheUnseenTargets() {
    assertMeetsTargets(Scorecard.of(evaluation.run(cases, Perturbation.FORMAT)));
  }

  @Test
  void logsWithARecoveredBlipMeetTheUnseenTargets() {
    assertMeetsTargets(Scorecard.of(evaluation.run(cases, Perturbation.HICCUP)));
  }

  static void assertMeetsTargets(Scorecard score) {
    assertThat(score.healPrecision()).as("healPrecision").isGreaterThanOrEqualTo(0.95);
    assertThat(score.falseHealRate()).as("genuine failures healed").isLessThanOrEqualTo(0.02);
    assertThat(score.healableRecall()).as("healableRecall").isGreaterThanOrEqualTo(0.70);
    assertThat(score.categoryAccuracy()).as("categoryAccuracy").isGreaterThanOrEqualTo(0.85);
  }
}
