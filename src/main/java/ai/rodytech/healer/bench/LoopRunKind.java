package ai.rodytech.healer.bench;

import ai.rodytech.healer.sim.AdmissionRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of run the loop benchmark fails and has healed: what a run and its prerequisites are, and which write,
 * seen inside the API server, says that a run failed for good (see docs/run-kinds.md for what the operator reads).
 */
public enum LoopRunKind {
  /** A batch/v1 Job, ended by the simulated kubelet; its Failed condition is written through the status subresource. */
  JOB("Job", "Job's Failed status", "batch/v1 Jobs, ended by the simulated kubelet", null) {
    @Override
    boolean failed(AdmissionRequest request) {
      return request.subresource().equals("status") && request.json().contains("\"Failed\"")
          && condition(WriteClock.read(request.json()), "Failed", "True");
    }
  },
  /** A Tekton PipelineRun of a one-step Pipeline; the simulated controller writes its status whole. */
  PIPELINE_RUN("PipelineRun", "PipelineRun's Succeeded condition turning False",
      "tekton.dev/v1 PipelineRuns of a one-step Pipeline, run by the simulated Tekton controller",
      "tekton-pipeline.yaml") {
    @Override
    boolean failed(AdmissionRequest request) {
      return request.json().contains("\"False\"")
          && condition(WriteClock.read(request.json()), "Succeeded", "False");
    }
  },
  /** An Argo Workflow from a one-template WorkflowTemplate; the simulated controller patches status and labels. */
  WORKFLOW("Workflow", "Workflow's status.phase turning Failed",
      "argoproj.io/v1alpha1 Workflows of a one-container WorkflowTemplate, run by the simulated Argo controller",
      "argo-workflow.yaml") {
    @Override
    boolean failed(AdmissionRequest request) {
      if (!request.json().contains("\"Failed\"") && !request.json().contains("\"Error\"")) {
        return false;
      }
      String phase = WriteClock.read(request.json()).path("status").path("phase").asText("");
      return phase.equals("Failed") || phase.equals("Error");
    }
  };

  private final String kind;
  private final String failureWrite;
  private final String description;
  private final List<JsonNode> documents;

  LoopRunKind(String kind, String failureWrite, String description, String resource) {
    this.kind = kind;
    this.failureWrite = failureWrite;
    this.description = description;
    this.documents = resource == null ? List.of() : documents(resource);
  }

  /** Job, PipelineRun or Workflow, case-insensitive; {@code all} for the three, the Job first. */
  public static List<LoopRunKind> parse(String value) {
    if (value.equalsIgnoreCase("all")) {
      return List.of(values());
    }
    return Arrays.stream(values()).filter(k -> k.kind.equalsIgnoreCase(value.strip())).findFirst().map(List::of)
        .orElseThrow(() -> new IllegalArgumentException("unknown run kind '" + value + "'; expected "
            + Arrays.stream(values()).map(LoopRunKind::kind).collect(Collectors.joining(", ")) + " or all"));
  }

  /** The object's kind, as the API server's admission sees it. */
  public String kind() {
    return kind;
  }

  /** The write that says a run failed, e.g. "Job's Failed status". */
  public String failureWrite() {
    return failureWrite;
  }

  /** The runs and what runs them, in a few words. */
  public String describe() {
    return description;
  }

  /** Whether {@code request} (an update of a run of this kind) writes the run's failure. */
  abstract boolean failed(AdmissionRequest request);

  /** What the runs of {@code pipelines} pipelines need in {@code namespace} first: a Pipeline or template each. */
  List<JsonNode> prerequisites(String namespace, int pipelines) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode document : documents.subList(0, Math.max(0, documents.size() - 1))) {
      for (int p = 0; p < pipelines; p++) {
        ObjectNode copy = document.deepCopy();
        copy.withObjectProperty("metadata").put("name", pipeline(p)).put("namespace", namespace);
        out.add(copy);
      }
    }
    return out;
  }

  /** The {@code number}-th run of an engine's kind, of pipeline {@code number % pipelines}, named as the Jobs are. */
  JsonNode run(String namespace, int number, int pipelines) {
    if (documents.isEmpty()) {
      throw new IllegalStateException("a " + kind + " is built by LoopBenchmark.run");
    }
    String pipeline = pipeline(number % pipelines);
    ObjectNode run = documents.get(documents.size() - 1).deepCopy();
    run.withObjectProperty("metadata").put("name", pipeline + "-run-" + number).put("namespace", namespace);
    ObjectNode spec = run.withObjectProperty("spec");
    spec.withObjectProperty(this == WORKFLOW ? "workflowTemplateRef" : "pipelineRef").put("name", pipeline);
    return run;
  }

  /** The namespace of the single failures, apart for each kind so that each has its own policy. */
  String singlesNamespace() {
    return this == JOB ? "single" : "single-" + kind.toLowerCase(Locale.ROOT);
  }

  static String pipeline(int number) {
    return "pipeline-" + number;
  }

  private static boolean condition(JsonNode object, String type, String status) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if (condition.path("type").asText().equals(type) && condition.path("status").asText().equals(status)) {
        return true;
      }
    }
    return false;
  }

  /** Read while the constants are built, so not through a static field (not yet set then). */
  private static List<JsonNode> documents(String resource) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (InputStream in = LoopRunKind.class.getResourceAsStream("/bench/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("the benchmark's resource bench/" + resource + " is missing");
      }
      List<JsonNode> out = new ArrayList<>();
      try (var parser = yaml.getFactory().createParser(in)) {
        yaml.readValues(parser, JsonNode.class).forEachRemaining(out::add);
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
