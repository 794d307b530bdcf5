package ai.rodytech.healer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.diagnosis.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-project and per-signature views over hand-made outcomes. */
class ViewsTest {
  static Outcome outcome(String project, Category label, Category predicted, String signature) {
    return new Outcome(project + "-" + label, label, predicted, predicted.expectedAction(), project,
        signature == null ? List.of() : List.of(signature));
  }

  static final List<Outcome> OUTCOMES = List.of(
      outcome("a", Category.TRANSIENT_INFRA, Category.TRANSIENT_INFRA, "connection-reset"),
      outcome("a", Category.GENUINE_FAILURE, Category.TRANSIENT_INFRA, "connection-reset"),
      outcome("b", Category.TRANSIENT_INFRA, Category.TRANSIENT_INFRA, "connection-reset"),
      outcome("b", Category.OOM, Category.OOM, "jvm-out-of-memory"),
      outcome("b", Category.GENUINE_FAILURE, Category.UNKNOWN, null));

  @Test
  void projectViewScoresEachProjectAndTheirMean() {
    ProjectView view = new ProjectView(OUTCOMES);

    assertThat(view.byProject()).containsOnlyKeys("a", "b");
    assertThat(view.byProject().get("a").categoryAccuracy()).isEqualTo(0.5);
    assertThat(view.byProject().get("b").categoryAccuracy()).isEqualTo(2 / 3.0);
    assertThat(view.mean("categoryAccuracy")).isEqualTo((0.5 + 2 / 3.0) / 2);
    assertThat(view.withFalseHeals()).containsExactly("a");
    assertThat(view.toJson()).containsKeys("projects", "meanCategoryAccuracy", "meanHealPrecision",
        "meanFalseHealRate", "meanHealableRecall", "projectsWithFalseHeals", "rows");
  }

  @Test
  void signatureViewCountsCasesProjectsAndHealPrecision() {
    SignatureView view = new SignatureView(OUTCOMES);

    SignatureView.Row reset = view.rows().get(0);
    assertThat(reset.signature()).isEqualTo("connection-reset");
    assertThat(reset.cases()).isEqualTo(3);
    assertThat(reset.projects()).isEqualTo(2);
    assertThat(reset.healPrecision()).isEqualTo(2 / 3.0);
    assertThat(reset.oneProject()).isFalse();
    assertThat(view.rows().get(1).oneProject()).isTrue();
    assertThat(view.rows()).hasSize(2);
  }
}
