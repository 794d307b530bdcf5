package ai.rodytech.healer.core.change;

import ai.rodytech.healer.operator.run.job.JobLayout;
import ai.rodytech.healer.operator.run.job.JobNormalizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Job fixtures from src/test/resources/jobs, and the run the operator would propose from one. */
public final class TestJobs {
  private static final YAMLMapper YAML = new YAMLMapper();

  private TestJobs() {}

  /** A fixture as the API server returns it. */
  public static ObjectNode load(String name) {
    try (InputStream in = TestJobs.class.getResourceAsStream("/jobs/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture jobs/" + name);
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The failed run as the operator would copy it for a new attempt: a new name and the healer's bookkeeping. */
  public static ObjectNode proposedRun(ObjectNode failed) {
    ObjectNode run = JobNormalizer.normalize(failed);
    ObjectNode metadata = run.withObjectProperty("metadata");
    String name = metadata.path("name").asText();
    metadata.remove("name");
    metadata.put("generateName", name + "-heal-");
    metadata.withObjectProperty("labels").put("rodytech.ai/attempt", "1");
    metadata.withObjectProperty("annotations").put("rodytech.ai/root", name);
    run.withObjectProperty("spec").withObjectProperty("template").withObjectProperty("metadata")
        .withObjectProperty("labels").put("rodytech.ai/attempt", "1");
    return run;
  }

  /** The diff the operator computes between a failed Job and a proposed one (both normalized first). */
  public static ChangeSet diff(JsonNode before, JsonNode after) {
    return RunDiff.between(JobNormalizer.normalize(before), JobNormalizer.normalize(after), JobLayout.INSTANCE);
  }

  /** A plan applied to a Job. */
  public static ObjectNode apply(ai.rodytech.healer.core.plan.RecoveryPlan plan, ObjectNode job) {
    return PlanApplier.apply(plan, job, JobLayout.INSTANCE);
  }

  /** The object at a JSON pointer, for mutating fixtures in tests. */
  public static ObjectNode at(JsonNode tree, String pointer) {
    JsonNode node = tree.at(pointer);
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("no object at " + pointer);
    }
    return object;
  }
}
