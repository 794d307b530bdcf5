package ai.rodytech.healer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.operator.run.tekton.PipelineRun;
import ai.rodytech.healer.operator.run.tekton.TektonKind;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Tekton PipelineRuns healed on a real cluster with Tekton Pipelines (v0.59+) installed: runs only with KUBECONFIG
 * set and {@code -Dhealer.e2e=true}, and is skipped (saying so) when the cluster does not serve
 * {@code tekton.dev/v1 PipelineRun}. The step fails with an npm registry timeout unless its PipelineRun is the
 * healer's ({@code $(context.pipelineRun.name)} ends in {@code -heal-N}), so the article's policy retries the second
 * failure once, and the retry passes. The cluster must be able to pull busybox.
 */
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".+")
@EnabledIfSystemProperty(named = EngineCluster.OPT_IN, matches = "true")
class TektonE2E {
  private static final String PIPELINE = """
      apiVersion: tekton.dev/v1
      kind: Pipeline
      metadata:
        name: backend-ci-build
      spec:
        tasks:
          - name: build
            taskSpec:
              steps:
                - name: install
                  image: busybox:1.36
                  script: |
                    case "$(context.pipelineRun.name)" in
                      *-heal-*) echo "added 812 packages in 21s"; exit 0 ;;
                    esac
                    echo "npm error code ETIMEDOUT"
                    echo "npm error network request to https://registry.npmjs.org/jest failed, reason: connect ETIMEDOUT 104.16.27.34:443"
                    exit 1
      """;
  private static EngineCluster cluster;

  @BeforeAll
  static void install() {
    cluster = new EngineCluster("healer-tekton-e2e", PipelineRun.API_VERSION, PipelineRun.KIND, "Tekton Pipelines");
  }

  @AfterAll
  static void cleanUp() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void run(String name) {
    cluster.runToTheEnd(new TektonKind(null, null, null, null), name, "pipelineRef", "backend-ci-build");
  }

  @Test
  void theArticlesPolicyRetriesTheSecondFailedPipelineRunOnceEvenAcrossARestart() throws Exception {
    cluster.applySeedPolicy();
    cluster.create(new YAMLMapper().readTree(PIPELINE));

    run("backend-ci-build-1");
    run("backend-ci-build-2");
    await().atMost(Duration.ofMinutes(3)).until(() -> "Healed".equals(cluster.outcome("backend-ci-build-2")));

    assertThat(cluster.healsOf(PipelineRun.API_VERSION, PipelineRun.KIND, "backend-ci-build-1")).isEmpty();
    assertThat(cluster.healsOf(PipelineRun.API_VERSION, PipelineRun.KIND, "backend-ci-build-2")).singleElement()
        .satisfies(heal -> assertThat(heal.getAdditionalProperties().get("spec").toString()).contains("pipelineRef"));
    cluster.restartAndSettle();
    assertThat(cluster.healsOf(PipelineRun.API_VERSION, PipelineRun.KIND, "backend-ci-build-2")).hasSize(1);
  }
}
