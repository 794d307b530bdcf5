package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** npm 10 prints "npm error" where npm 9 printed "npm ERR!"; the version signatures read both. */
class Npm10SignaturesTest {
  private static final RulesBrain BRAIN = new RulesBrain(SignatureCatalog.builtIn(), Redactor.none());

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "npm 9 engine   | npm ERR! code EBADENGINE",
    "npm 10 engine  | npm error code EBADENGINE",
    "npm 10 resolve | npm error code ERESOLVE",
    "npm 10 target  | npm error notarget No matching version found for left-pad@^9.9.9."
  })
  void aVersionErrorOfEitherNpmIsADependencyVersionFailure(String name, String line) {
    String log = "+ npm ci\n" + line + "\nnpm error A complete log of this run can be found in: /root/.npm/x.log\n";

    Diagnosis diagnosis = BRAIN.diagnose(FailureSnapshot.ofLog(LogTail.of(log), 1, "Error"),
        new BrainContext("web", EnumSet.allOf(Action.class), "8Gi", Set.of()));

    assertThat(diagnosis.category()).isEqualTo(Category.DEPENDENCY_VERSION);
    assertThat(diagnosis.evidence()).anySatisfy(e -> assertThat(e.text()).isEqualTo(line));
  }
}
