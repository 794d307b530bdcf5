package ai.rodytech.healer.operator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.run.argo.ArgoKind;
import ai.rodytech.healer.operator.run.argo.Workflow;
import ai.rodytech.healer.operator.run.job.JobKind;
import ai.rodytech.healer.operator.run.tekton.PipelineRun;
import ai.rodytech.healer.operator.run.tekton.TektonKind;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.engine.StepScript;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's "one policy for all": the article's policy, unchanged, heals an OOM-killed Job, PipelineRun and
 * Workflow of pipeline backend-ci-build in one namespace, each with a corrective run of its own kind.
 */
class OnePolicyIT {
  private static final Duration STEP = Duration.ofSeconds(10);

  private static Job job(int n) {
    return new JobBuilder()
        .withNewMetadata().withName("backend-ci-build-job-" + n).addToLabels(Labels.PIPELINE, "backend-ci-build")
        .endMetadata()
        .withNewSpec().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17").withCommand("mvn", "verify")
        .withNewResources().addToLimits("memory", new Quantity("512Mi")).endResources()
        .endContainer().endSpec().endTemplate().endSpec()
        .build();
  }

  @Test
  void theArticlesPolicyHealsAJobAPipelineRunAndAWorkflowOfOnePipeline() {
    RunOutcome oom = RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), STEP);
    RunOutcome pass = RunOutcome.succeeded(SampleLogs.mavenSuccess(), STEP);
    try (EngineHarness h = new EngineHarness()) {
      h.jobs(RunScript.byMemoryLimit("768Mi", oom, pass));
      // Tekton's build/test step and Argo's build template need 768Mi; every other step passes.
      StepScript needsMemory = StepScript.byMemoryLimit("768Mi", oom, pass);
      h.steps(s -> (s.engine().equals("tekton") ? s.path().equals("build/test") : s.task().equals("build"))
          ? needsMemory.run(s) : StepScript.succeeding().run(s));
      h.applySeedPolicy(p -> {});
      List<ObjectNode> tekton = EngineHarness.documents("sim/tekton/backend-ci-build.yaml");
      List<ObjectNode> argo = EngineHarness.documents("sim/argo/backend-ci-build.yaml");
      h.create(tekton.get(0));
      h.create(tekton.get(1));
      h.create(argo.get(0));
      IntFunction<ObjectNode> pipelineRun = n -> named(tekton.get(2), "backend-ci-build-run-" + n);
      IntFunction<ObjectNode> workflow = n -> named(argo.get(1), "backend-ci-build-wf-" + n);

      for (int n = 1; n <= 2; n++) {
        h.client.batch().v1().jobs().inNamespace(EngineHarness.NS).resource(job(n)).create();
        h.create(pipelineRun.apply(n));
        h.create(workflow.apply(n));
        h.awaitFinished(new JobKind(null, null, null), "backend-ci-build-job-" + n);
        h.awaitFinished(new TektonKind(null, null, null, null), "backend-ci-build-run-" + n);
        h.awaitFinished(new ArgoKind(null, null, null), "backend-ci-build-wf-" + n);
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> List.of("backend-ci-build-job-2", "backend-ci-build-run-2",
          "backend-ci-build-wf-2").stream().allMatch(root -> "Healed".equals(h.outcome(root))));
      assertThat(h.incident("backend-ci-build-job-2").getSpec().getRunKind()).isEqualTo("Job");
      assertThat(h.incident("backend-ci-build-run-2").getSpec().getRunKind()).isEqualTo("PipelineRun");
      assertThat(h.incident("backend-ci-build-wf-2").getSpec().getRunKind()).isEqualTo("Workflow");
      assertThat(h.correctiveRuns("batch/v1", "Job", "backend-ci-build-job-2")).hasSize(1);
      assertThat(h.correctiveRuns(PipelineRun.API_VERSION, PipelineRun.KIND, "backend-ci-build-run-2")).hasSize(1);
      assertThat(h.correctiveRuns(Workflow.API_VERSION, Workflow.KIND, "backend-ci-build-wf-2")).hasSize(1);
      for (String root : List.of("backend-ci-build-job-2", "backend-ci-build-run-2", "backend-ci-build-wf-2")) {
        assertThat(h.incident(root).getStatus().action).as(root).isEqualTo("increase_memory");
      }
    }
  }

  private static ObjectNode named(ObjectNode run, String name) {
    ObjectNode copy = run.deepCopy();
    copy.withObjectProperty("metadata").put("name", name);
    return copy;
  }
}
