package ai.rodytech.healer.core.change;

import ai.rodytech.healer.core.plan.RecoveryPlan;
import ai.rodytech.healer.core.plan.RecoveryPlan.EnvChange;
import ai.rodytech.healer.core.plan.RecoveryPlan.MemoryBump;
import ai.rodytech.healer.core.plan.RecoveryPlan.VersionPin;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a recovery plan into a copy of a run: the concrete change the guard then judges. */
public final class PlanApplier {

  private PlanApplier() {}

  /**
   * A deep copy of the run with the plan's change made; the argument is not changed. Retry and AlertHuman change
   * nothing. Throws IllegalArgumentException naming the workload or variable the plan needs and the run lacks.
   */
  public static ObjectNode apply(RecoveryPlan plan, ObjectNode run, RunLayout layout) {
    ObjectNode copy = run.deepCopy();
    if (plan instanceof MemoryBump bump) {
      Workload workload = workload(copy, layout, bump.container());
      ObjectNode resources = workload.node().withObjectProperty(workload.resourcesField());
      resources.withObjectProperty("limits").put("memory", bump.toLimit());
      if (bump.toRequest() != null) {
        resources.withObjectProperty("requests").put("memory", bump.toRequest());
      }
      for (EnvChange cap : bump.heapCaps()) {
        envVar(workload, cap.name()).put("value", cap.to());
      }
    } else if (plan instanceof VersionPin pin) {
      Workload workload = workload(copy, layout, pin.container());
      if (pin.image()) {
        workload.node().put("image", pin.to());
      } else {
        envVar(workload, pin.envName()).put("value", pin.to());
      }
    }
    return copy;
  }

  private static Workload workload(ObjectNode run, RunLayout layout, String id) {
    return Workloads.named(layout, run, id)
        .orElseThrow(() -> new IllegalArgumentException("the run has no container named '" + id + "'"));
  }

  private static ObjectNode envVar(Workload workload, String name) {
    for (JsonNode entry : workload.env()) {
      if (entry instanceof ObjectNode variable && name.equals(variable.path("name").asText())) {
        // A value from a Secret or ConfigMap is not ours to set; overwriting it would also drop the reference.
        if (variable.has("valueFrom")) {
          throw new IllegalArgumentException(
              "environment variable " + name + " of container '" + workload.id()
                  + "' takes its value from a reference (valueFrom), not a plain value");
        }
        return variable;
      }
    }
    throw new IllegalArgumentException("container '" + workload.id() + "' has no environment variable " + name);
  }
}
