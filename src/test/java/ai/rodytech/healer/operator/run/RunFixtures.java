package ai.rodytech.healer.operator.run;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.PlanApplier;
import ai.rodytech.healer.core.change.RunDiff;
import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.guard.Guard;
import ai.rodytech.healer.core.guard.GuardInput;
import ai.rodytech.healer.core.guard.LineageState;
import ai.rodytech.healer.core.guard.Verdict;
import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.policy.TestRules;
import ai.rodytech.healer.operator.Lineage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Run fixtures of any kind from src/test/resources/runs (YAML, one or more documents), and the guard on them. */
public final class RunFixtures {
  private static final YAMLMapper YAML = new YAMLMapper();
  static final Instant NOW = Instant.parse("2025-06-02T03:05:00Z");

  private RunFixtures() {}

  /** Every document of a fixture, in order, as the API server returns them. */
  public static List<ObjectNode> load(String name) {
    return documents("runs/" + name);
  }

  /** Every document of a YAML test resource (a path under src/test/resources), in order, as trees. */
  public static List<ObjectNode> documents(String resource) {
    try (InputStream in = RunFixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      List<ObjectNode> out = new ArrayList<>();
      try (var parser = new YAMLFactory().createParser(in)) {
        YAML.readValues(parser, ObjectNode.class).forEachRemaining(out::add);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first attempt of the lineage the fixture's run starts. */
  public static CorrectiveRun firstAttempt(JsonNode failed, String strategy) {
    JsonNode meta = failed.path("metadata");
    Lineage lineage = new Lineage(meta.path("name").asText(), meta.path("uid").asText(), 0);
    return new CorrectiveRun(lineage, 1, "backend-ci-build", strategy, lineage.incidentName(),
        meta.path("uid").asText());
  }

  /** The plan written into the corrective form, diffed against the comparable form, judged by the whole guard. */
  public static Verdict judge(ObjectNode before, ObjectNode after, RunLayout layout, RecoveryPlan plan) {
    return Guard.standard().evaluate(new GuardInput(TestRules.defaults().versionPins("NODE_VERSION", "revision")
        .build(), new LineageState(1, 0, null), plan, RunDiff.between(before, after, layout), NOW));
  }

  public static ObjectNode apply(RecoveryPlan plan, ObjectNode run, RunLayout layout) {
    return PlanApplier.apply(plan, run, layout);
  }

  /** The changed paths of the diff that are not the run's metadata. */
  public static List<String> workChanges(ChangeSet change) {
    return change.changedPaths().stream().filter(p -> !p.startsWith("/metadata/")).toList();
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
