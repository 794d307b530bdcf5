package ai.rodytech.healer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop benchmark's kinds: the --kind values, and the runs and prerequisites of the engines' kinds. */
class LoopRunKindTest {

  @Test
  void parsesEachKindCaseInsensitivelyAndAllAsTheThreeJobsFirst() {
    assertThat(LoopRunKind.parse("Job")).containsExactly(LoopRunKind.JOB);
    assertThat(LoopRunKind.parse("pipelinerun")).containsExactly(LoopRunKind.PIPELINE_RUN);
    assertThat(LoopRunKind.parse("WORKFLOW")).containsExactly(LoopRunKind.WORKFLOW);
    assertThat(LoopRunKind.parse("all"))
        .containsExactly(LoopRunKind.JOB, LoopRunKind.PIPELINE_RUN, LoopRunKind.WORKFLOW);
    assertThatThrownBy(() -> LoopRunKind.parse("TaskRun"))
        .hasMessage("unknown run kind 'TaskRun'; expected Job, PipelineRun, Workflow or all");
  }

  @Test
  void aPipelineRunRefersToThePipelineOfItsNumberAndEachPipelineIsDefinedOnce() {
    List<JsonNode> pipelines = LoopRunKind.PIPELINE_RUN.prerequisites("burst-1", 3);
    JsonNode run = LoopRunKind.PIPELINE_RUN.run("burst-1", 5, 3);

    assertThat(pipelines).extracting(p -> p.path("kind").asText()).containsOnly("Pipeline");
    assertThat(pipelines).extracting(p -> p.at("/metadata/name").asText())
        .containsExactly("pipeline-0", "pipeline-1", "pipeline-2");
    assertThat(pipelines).extracting(p -> p.at("/metadata/namespace").asText()).containsOnly("burst-1");
    assertThat(run.path("kind").asText()).isEqualTo("PipelineRun");
    assertThat(run.at("/metadata/name").asText()).isEqualTo("pipeline-2-run-5");
    assertThat(run.at("/spec/pipelineRef/name").asText()).isEqualTo("pipeline-2");
  }

  @Test
  void aWorkflowIsSubmittedFromTheTemplateOfItsPipeline() {
    List<JsonNode> templates = LoopRunKind.WORKFLOW.prerequisites("single-workflow", 1);
    JsonNode run = LoopRunKind.WORKFLOW.run("single-workflow", 4, 1);

    assertThat(templates).singleElement().satisfies(t -> {
      assertThat(t.path("kind").asText()).isEqualTo("WorkflowTemplate");
      assertThat(t.at("/metadata/name").asText()).isEqualTo("pipeline-0");
    });
    assertThat(run.at("/metadata/name").asText()).isEqualTo("pipeline-0-run-4");
    assertThat(run.at("/spec/workflowTemplateRef/name").asText()).isEqualTo("pipeline-0");
    assertThat(LoopRunKind.JOB.prerequisites("ns", 2)).isEmpty();
  }
}
