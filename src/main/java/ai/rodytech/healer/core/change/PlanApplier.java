package ai.rodytech.healer.core.change;

import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a recovery plan into a copy of a Job: the concrete change the guard then judges. */
public final class PlanApplier {

  private PlanApplier() {}

  /**
   * A deep copy of the Job with the plan's change made; the argument is not changed. Retry and AlertHuman change
   * nothing. Throws IllegalArgumentException naming the container or variable the plan needs and the Job lacks.
   */
  public static ObjectNode apply(RecoveryPlan plan, ObjectNode job) {
    ObjectNode copy = job.deepCopy();
    if (plan instanceof MemoryBump bump) {
      ObjectNode resources = container(copy, bump.container()).withObjectProperty("resources");
      resources.withObjectProperty("limits").put("memory", bump.toLimit());
      if (bump.toRequest() != null) {
        resources.withObjectProperty("requests").put("memory", bump.toRequest());
      }
    } else if (plan instanceof VersionPin pin) {
      ObjectNode container = container(copy, pin.container());
      if (pin.image()) {
        container.put("image", pin.to());
      } else {
        envVar(container, pin).put("value", pin.to());
      }
    }
    return copy;
  }

  private static ObjectNode container(ObjectNode job, String name) {
    return JobContainers.named(job, name)
        .map(JobContainers.Container::node)
        .orElseThrow(() -> new IllegalArgumentException("the Job has no container named '" + name + "'"));
  }

  private static ObjectNode envVar(ObjectNode container, VersionPin pin) {
    for (JsonNode entry : container.path("env")) {
      if (entry instanceof ObjectNode variable && pin.envName().equals(variable.path("name").asText())) {
        // A value from a Secret or ConfigMap is not a version pin; overwriting it would also drop the reference.
        if (variable.has("valueFrom")) {
          throw new IllegalArgumentException(
              "environment variable " + pin.envName() + " of container '" + pin.container()
                  + "' takes its value from a reference (valueFrom), not a plain value");
        }
        return variable;
      }
    }
    throw new IllegalArgumentException(
        "container '" + pin.container() + "' has no environment variable " + pin.envName());
  }
}
