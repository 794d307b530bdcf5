package ai.rodytech.healer.demo;

import ai.rodytech.healer.operator.run.argo.Workflow;
import ai.rodytech.healer.operator.run.tekton.PipelineRun;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.engine.StepScript;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario's runs are — Jobs, Tekton PipelineRuns or Argo Workflows of pipeline backend-ci-build — and
 * how the simulated cluster ends each of them.
 */
public sealed interface Runs permits Runs.Jobs, Runs.Engine {

  /** The kind of the runs: Job, PipelineRun or Workflow. */
  String runKind();

  String apiVersion();

  /** What the runs need in the namespace before the first one starts (a Pipeline and its Task, a template). */
  List<JsonNode> prerequisites();

  /** The {@code number}-th run of the pipeline, not started yet. */
  JsonNode run(String namespace, int number);

  /** The workload (container, step, template) whose memory and image a scenario's fact reads. */
  String watched();

  /** The runs in a few words, e.g. "Tekton PipelineRuns". */
  String describe();

  /** The label naming the run on each of its pods. */
  String podLabel();

  /** How a timeline names where a container of the run's pod ran: "build/test " for a Tekton step, "" for a Job. */
  String stepOf(Pod pod, String container);

  /**
   * batch/v1 Jobs, ended by the simulated kubelet.
   *
   * @param build what each Job runs
   * @param script how the kubelet ends each Job
   */
  record Jobs(Build build, RunScript script) implements Runs {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String runKind() {
      return "Job";
    }

    @Override
    public String apiVersion() {
      return "batch/v1";
    }

    @Override
    public List<JsonNode> prerequisites() {
      return List.of();
    }

    @Override
    public JsonNode run(String namespace, int number) {
      ObjectNode job = JSON.valueToTree(build.run(namespace, number));
      job.put("apiVersion", apiVersion()).put("kind", runKind());
      return job;
    }

    @Override
    public String watched() {
      return Build.CONTAINER;
    }

    @Override
    public String describe() {
      return "batch/v1 Jobs";
    }

    @Override
    public String podLabel() {
      return "job-name";
    }

    @Override
    public String stepOf(Pod pod, String container) {
      return "";
    }
  }

  /**
   * Runs of a CI engine the in-process cluster simulates (Tekton or Argo Workflows), from a demo resource that
   * holds what they need first and, last, the run itself.
   *
   * @param runKind PipelineRun or Workflow
   * @param resource the YAML under {@code demo/} on the classpath
   * @param script how the simulated engine ends each step
   * @param watched the step (task/step) or template a fact reads
   */
  record Engine(String runKind, String resource, StepScript script, String watched) implements Runs {

    public static Engine tekton(StepScript script) {
      return new Engine(PipelineRun.KIND, "tekton/backend-ci-build.yaml", script, "build/test");
    }

    public static Engine argo(StepScript script) {
      return new Engine(Workflow.KIND, "argo/backend-ci-build.yaml", script, "build");
    }

    @Override
    public String apiVersion() {
      return PipelineRun.KIND.equals(runKind) ? PipelineRun.API_VERSION : Workflow.API_VERSION;
    }

    @Override
    public String describe() {
      return PipelineRun.KIND.equals(runKind) ? "Tekton PipelineRuns" : "Argo Workflows";
    }

    @Override
    public String podLabel() {
      return PipelineRun.KIND.equals(runKind) ? "tekton.dev/pipelineRun" : "workflows.argoproj.io/workflow";
    }

    /** "build/test " for a Tekton step (pipeline task/step), "build " for an Argo template's pod. */
    @Override
    public String stepOf(Pod pod, String container) {
      if (PipelineRun.KIND.equals(runKind)) {
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        return labels.get("tekton.dev/pipelineTask") + "/" + container.replaceFirst("^step-", "") + " ";
      }
      Map<String, String> annotations = Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of());
      return annotations.getOrDefault("workflows.argoproj.io/node-name", "").replaceFirst("^.*\\.", "") + " ";
    }

    @Override
    public List<JsonNode> prerequisites() {
      List<JsonNode> all = documents();
      return all.subList(0, all.size() - 1);
    }

    @Override
    public JsonNode run(String namespace, int number) {
      List<JsonNode> all = documents();
      ObjectNode run = (ObjectNode) all.get(all.size() - 1);
      run.withObjectProperty("metadata").put("name", Build.PIPELINE + "-" + number).put("namespace", namespace);
      return run;
    }

    private List<JsonNode> documents() {
      try (InputStream in = Runs.class.getResourceAsStream("/demo/" + resource)) {
        if (in == null) {
          throw new IllegalStateException("the demo's resource " + resource + " is missing from the classpath");
        }
        List<JsonNode> out = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(in)) {
          new ObjectMapper(new YAMLFactory()).readValues(parser, JsonNode.class).forEachRemaining(out::add);
        }
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
