package ai.rodytech.healer.operator.run.tekton;

import static ai.rodytech.healer.operator.run.RunFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.guard.GuardReasons;
import ai.rodytech.healer.core.guard.Verdict;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.operator.run.RunFixtures;
import ai.rodytech.healer.operator.run.engine.RunTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tekton's forbidden fields, one family per case: the OOM heal of runs/tekton-oom.yaml (build/test from 512Mi to
 * 768Mi, approved as it is), with one more change slipped into the proposed run, must be refused naming it.
 */
class TektonGuardTest {
  private static final String STEP = "/spec/pipelineSpec/tasks/1/taskSpec/steps/1";
  private static final MemoryBump BUMP =
      new MemoryBump("build/test", "512Mi", "768Mi", "256Mi", "384Mi", List.of(), "build/test was OOM-killed");

  private static Verdict judge(Consumer<ObjectNode> both, Consumer<ObjectNode> after) {
    List<ObjectNode> fixture = RunFixtures.load("tekton-oom.yaml");
    Map<String, JsonNode> taskRuns = Map.of("build", fixture.get(1));
    ObjectNode before = PipelineRunForms.resolved(fixture.get(0), () -> taskRuns, BUMP);
    both.accept(before);
    ObjectNode proposed = RunFixtures.apply(BUMP, RunTrees.corrective(before,
        "ci", RunFixtures.firstAttempt(fixture.get(0), "increase_memory")), TektonLayout.INSTANCE);
    after.accept(proposed);
    return RunFixtures.judge(before, proposed, TektonLayout.INSTANCE, BUMP);
  }

  private static Arguments forbidden(String family, Consumer<ObjectNode> setUp, Consumer<ObjectNode> change,
      String message) {
    return Arguments.of(family, setUp, change, message);
  }

  private static Consumer<ObjectNode> nothing() {
    return run -> {};
  }

  static Stream<Arguments> families() {
    return Stream.of(
        forbidden("taskRunTemplate service account", nothing(),
            run -> at(run, "/spec/taskRunTemplate").put("serviceAccountName", "cluster-admin"),
            "/spec/taskRunTemplate/serviceAccountName; serviceAccountName is never changed"),
        forbidden("taskRunSpecs service account",
            run -> run.withObjectProperty("spec").putArray("taskRunSpecs").addObject().put("pipelineTaskName", "build"),
            run -> at(run, "/spec/taskRunSpecs/0").put("serviceAccountName", "deployer"),
            "/spec/taskRunSpecs/0/serviceAccountName; serviceAccountName is never changed"),
        forbidden("pod template security", nothing(),
            run -> at(run, "/spec/taskRunTemplate/podTemplate/securityContext").put("runAsNonRoot", false),
            "/spec/taskRunTemplate/podTemplate/securityContext/runAsNonRoot; a securityContext"),
        forbidden("pod template host namespaces", nothing(),
            run -> at(run, "/spec/taskRunTemplate/podTemplate").put("hostNetwork", true),
            "/spec/taskRunTemplate/podTemplate/hostNetwork; hostNetwork is never changed"),
        forbidden("pod template pull secrets", nothing(),
            run -> at(run, "/spec/taskRunTemplate/podTemplate").putArray("imagePullSecrets").addObject()
                .put("name", "registry"),
            "imagePullSecrets name Secrets"),
        forbidden("workspace bound to a Secret", nothing(),
            run -> at(run, "/spec/workspaces/1/secret").put("secretName", "prod-deploy-key"),
            "volume 'git-credentials', a Secret volume"),
        forbidden("workspace of projected Secrets", nothing(),
            run -> run.withObjectProperty("spec").withArrayProperty("workspaces").addObject()
                .put("name", "tokens").putObject("projected").putArray("sources").addObject()
                .putObject("secret").put("name", "registry-token"),
            "volume 'tokens', a projected Secret or token volume"),
        forbidden("task volume from a Secret", nothing(),
            run -> at(run, "/spec/pipelineSpec/tasks/1/taskSpec").putArray("volumes").addObject()
                .put("name", "keys").putObject("secret").put("secretName", "signing-keys"),
            "volume 'keys', a Secret volume"),
        forbidden("step security context", nothing(),
            run -> at(run, STEP).putObject("securityContext").put("privileged", true),
            "the securityContext of container 'build/test'"),
        forbidden("step script", nothing(),
            run -> at(run, STEP).put("script", "mvn -B -ntp test -DskipTests"),
            "the script of container 'build/test'"),
        forbidden("step secret variable", nothing(),
            run -> at(run, STEP).putArray("env").addObject().put("name", "NPM_TOKEN").putObject("valueFrom")
                .putObject("secretKeyRef").put("name", "npm").put("key", "token"),
            "environment variable NPM_TOKEN of container 'build/test', which is backed by a Secret"),
        forbidden("sidecar", nothing(),
            run -> at(run, "/spec/pipelineSpec/tasks/1/taskSpec").putArray("sidecars").addObject()
                .put("name", "docker").put("image", "docker:dind"),
            "a task's sidecars run beside its steps"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void aChangeToAForbiddenFieldIsRefusedNamingIt(String family, Consumer<ObjectNode> setUp,
      Consumer<ObjectNode> change, String message) {
    Verdict verdict = judge(setUp, change);

    assertThat(verdict.violation()).hasValueSatisfying(v -> {
      assertThat(v.reason()).isEqualTo(GuardReasons.FORBIDDEN_FIELD);
      assertThat(v.message()).contains(message);
    });
  }

  @Test
  void theHealItselfIsApproved() {
    assertThat(judge(nothing(), nothing()).approved()).isTrue();
  }

  @Test
  void memoryOnAnotherStepIsOutOfScope() {
    Verdict verdict = judge(nothing(), run -> at(run, "/spec/pipelineSpec/tasks/1/taskSpec/steps/0/computeResources/limits")
        .put("memory", "2Gi"));

    assertThat(verdict.violation()).hasValueSatisfying(v -> {
      assertThat(v.reason()).isEqualTo(GuardReasons.OUT_OF_SCOPE);
      assertThat(v.message()).contains("container 'build/test'")
          .contains("/spec/pipelineSpec/tasks/1/taskSpec/steps/0/computeResources/limits/memory");
    });
  }
}
