package ai.rodytech.healer.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionResolverTest {
  private static final String SHA = "3f2c9a1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";
  private final RevisionResolver defaults = RevisionResolver.defaults();

  @Test
  void aGitHubActionsRunnerEnvironment() {
    assertThat(defaults.resolve(null, null, null, Map.of("GITHUB_SHA", SHA))).contains(SHA);
  }

  @Test
  void aTektonRevisionParameterComesBeforeTheEnvironment() {
    assertThat(defaults.resolve(Map.of(), Map.of(), Map.of("revision", SHA), Map.of("GIT_COMMIT", "0123abc")))
        .contains(SHA);
  }

  @Test
  void thePipelinesAsCodeAnnotationComesFirst() {
    assertThat(defaults.resolve(Map.of(), Map.of("pipelinesascode.tekton.dev/sha", SHA), Map.of("revision", "main"),
        Map.of())).contains(SHA);
  }

  @Test
  void aTemplateThatWasNeverFilledInIsNoRevision() {
    assertThat(defaults.resolve(null, null, Map.of("revision", "$(params.revision)"), Map.of("CI_COMMIT_SHA", SHA)))
        .contains(SHA);
    assertThat(defaults.resolve(null, null, Map.of("revision", "{{workflow.parameters.revision}}"), null)).isEmpty();
  }

  @Test
  void nothingKnown() {
    assertThat(defaults.resolve(Map.of("app", "web"), null, null, Map.of("HOME", "/root"))).isEmpty();
  }

  @Test
  void configuredKeysReplaceTheDefaults() {
    RevisionResolver resolver = RevisionResolver.parse("env:BUILD_VCS_NUMBER, label:example.com/commit");

    assertThat(resolver.resolve(Map.of("example.com/commit", SHA), null, null, Map.of("GIT_COMMIT", "0123abc")))
        .contains(SHA);
    assertThat(resolver.keys()).hasToString("[env:BUILD_VCS_NUMBER, label:example.com/commit]");
  }

  @Test
  void aKeyWithoutItsSourceIsRefused() {
    assertThatThrownBy(() -> RevisionResolver.parse("GIT_COMMIT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("revision key \"GIT_COMMIT\" must be written source:key with source annotation, label, param or"
            + " env (e.g. param:revision)");
  }
}
