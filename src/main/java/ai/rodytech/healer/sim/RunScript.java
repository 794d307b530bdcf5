package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Decides how the simulated kubelet's run of a Job ends. Called once per Job, on the kubelet's threads. */
@FunctionalInterface
public interface RunScript {

  /** The label naming a run's pipeline. */
  String PIPELINE_LABEL = "rodytech.ai/pipeline";
  /** The annotation the healer puts on its N-th attempt of a lineage. */
  String ATTEMPT_ANNOTATION = "rodytech.ai/attempt";

  RunOutcome run(Job job);

  /** Every run ends the same way. */
  static RunScript always(RunOutcome outcome) {
    return job -> outcome;
  }

  /** The n-th run (in the order the kubelet starts them) gets the n-th outcome; the last one repeats. */
  static RunScript sequence(RunOutcome... outcomes) {
    requireSome(outcomes);
    AtomicInteger next = new AtomicInteger();
    return job -> outcomes[Math.min(next.getAndIncrement(), outcomes.length - 1)];
  }

  /**
   * By the healer's attempt annotation: the original run (no annotation) gets {@code byAttempt[0]}, attempt n
   * gets {@code byAttempt[n]}, later attempts the last one. {@code byAttempt(fail, pass)}: the first run fails,
   * every retry passes.
   */
  static RunScript byAttempt(RunOutcome... byAttempt) {
    requireSome(byAttempt);
    return job -> byAttempt[Math.min(attemptOf(job), byAttempt.length - 1)];
  }

  /** By the value of an annotation of the Job; {@code otherwise} when absent or not listed. */
  static RunScript byAnnotation(String key, Map<String, RunOutcome> byValue, RunScript otherwise) {
    Map<String, RunOutcome> outcomes = Map.copyOf(byValue);
    return job -> {
      String value = valueOf(job.getMetadata().getAnnotations(), key);
      RunOutcome outcome = value == null ? null : outcomes.get(value);
      return outcome != null ? outcome : otherwise.run(job);
    };
  }

  /** By the Job's pipeline label; {@code otherwise} for Jobs of other pipelines. */
  static RunScript byPipeline(Map<String, RunScript> byPipeline, RunScript otherwise) {
    Map<String, RunScript> scripts = Map.copyOf(byPipeline);
    return job -> {
      String pipeline = valueOf(job.getMetadata().getLabels(), PIPELINE_LABEL);
      RunScript script = pipeline == null ? null : scripts.get(pipeline);
      return (script != null ? script : otherwise).run(job);
    };
  }

  /** By pipeline label, then by attempt as {@link #byAttempt} does. */
  static RunScript byPipelineAttempt(Map<String, List<RunOutcome>> byPipeline, RunScript otherwise) {
    Map<String, RunScript> scripts = new LinkedHashMap<>();
    byPipeline.forEach((pipeline, outcomes) -> scripts.put(pipeline, byAttempt(outcomes.toArray(RunOutcome[]::new))));
    return byPipeline(scripts, otherwise);
  }

  /**
   * An out-of-memory that more memory cures: {@code below} while the memory limit of {@code below}'s container
   * (the first app container when it names none) is under {@code atLeast}, else {@code enough}. A container
   * without a memory limit counts as below.
   */
  static RunScript byMemoryLimit(String atLeast, RunOutcome below, RunOutcome enough) {
    BigDecimal threshold = Quantity.getAmountInBytes(new Quantity(atLeast));
    return job -> {
      BigDecimal limit = memoryLimit(job, below.container());
      return limit != null && limit.compareTo(threshold) >= 0 ? enough : below;
    };
  }

  /**
   * A build that needs {@code heapNeeded} of heap, run as {@link HeapCap#outcome} says: a heap cap in the
   * environment ({@code -Xmx} in MAVEN_OPTS, GRADLE_OPTS or JAVA_TOOL_OPTIONS, {@code --max-old-space-size} in
   * NODE_OPTIONS) below it fails with the runtime's own out-of-memory log; a memory limit below the process's
   * footprint is OOM-killed; otherwise {@code pass}. The container is the first app container that sets a cap,
   * else the first app container; environment values from {@code valueFrom} are not read.
   */
  static RunScript heapCap(String heapNeeded, RunOutcome pass) {
    Quantity.getAmountInBytes(new Quantity(heapNeeded)); // fail fast on a bad quantity
    return job -> {
      List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
      Container container =
          containers.stream()
              .filter(c -> HeapCap.find(env(c)).isPresent())
              .findFirst()
              .orElse(containers.get(0));
      Quantity limit = container.getResources() == null || container.getResources().getLimits() == null
          ? null
          : container.getResources().getLimits().get("memory");
      return HeapCap.outcome(env(container), limit, heapNeeded, pass).inContainer(container.getName());
    };
  }

  /** The healer's attempt number of a Job: 0 for an original run. */
  static int attemptOf(Job job) {
    return attemptOf(job.getMetadata().getAnnotations());
  }

  /** The healer's attempt number from a run's annotations (any kind of run): 0 when absent or not a number. */
  static int attemptOf(Map<String, String> annotations) {
    String value = valueOf(annotations, ATTEMPT_ANNOTATION);
    try {
      return value == null ? 0 : Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static BigDecimal memoryLimit(Job job, String containerName) {
    List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
    Container container =
        containers.stream()
            .filter(c -> containerName == null || c.getName().equals(containerName))
            .findFirst()
            .orElse(null);
    if (container == null || container.getResources() == null || container.getResources().getLimits() == null) {
      return null;
    }
    Quantity memory = container.getResources().getLimits().get("memory");
    return memory == null ? null : Quantity.getAmountInBytes(memory);
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() != null) {
      container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
    }
    return env;
  }

  private static String valueOf(Map<String, String> map, String key) {
    return map == null ? null : map.get(key);
  }

  private static void requireSome(RunOutcome[] outcomes) {
    if (outcomes.length == 0) {
      throw new IllegalArgumentException("at least one outcome is needed");
    }
  }
}
