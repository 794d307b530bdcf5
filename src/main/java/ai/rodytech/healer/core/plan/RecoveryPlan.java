package ai.rodytech.healer.core.plan;

/** A concrete change to heal one failed run. The guard judges it; the operator carries it out. */
public sealed interface RecoveryPlan
    permits RecoveryPlan.Retry, RecoveryPlan.MemoryBump, RecoveryPlan.VersionPin, RecoveryPlan.AlertHuman {

  Action action();

  /** Why this plan, in a sentence. */
  String reason();

  /** Run the failed run again, unchanged. */
  record Retry(String reason) implements RecoveryPlan {
    @Override
    public Action action() {
      return Action.RETRY_STAGE;
    }
  }

  /**
   * Run again with more memory for one container. Quantities are Kubernetes quantities (e.g. 768Mi);
   * from-values are null when the container had none. {@code heapCaps} are the runtime's own heap caps set in
   * the container's environment (-Xmx in MAVEN_OPTS, --max-old-space-size in NODE_OPTIONS…), raised with the
   * limit when the run died of its own heap cap; empty when only the limit changes.
   */
  record MemoryBump(
      String container, String fromLimit, String toLimit, String fromRequest, String toRequest,
      java.util.List<EnvChange> heapCaps, String reason)
      implements RecoveryPlan {
    public MemoryBump {
      heapCaps = java.util.List.copyOf(heapCaps == null ? java.util.List.of() : heapCaps);
    }

    /** A bump of the limit (and request) alone. */
    public MemoryBump(
        String container, String fromLimit, String toLimit, String fromRequest, String toRequest, String reason) {
      this(container, fromLimit, toLimit, fromRequest, toRequest, java.util.List.of(), reason);
    }

    @Override
    public Action action() {
      return Action.INCREASE_MEMORY;
    }
  }

  /** One environment variable's plain value changed, e.g. MAVEN_OPTS from "-Xmx512m" to "-Xmx768m". */
  record EnvChange(String name, String from, String to) {}

  /**
   * Run again with one version changed: a container's image (same repository, other tag or digest) when
   * {@code envName} is null, else the value of the environment variable {@code envName} of that container.
   */
  record VersionPin(String container, String envName, String from, String to, String reason)
      implements RecoveryPlan {
    @Override
    public Action action() {
      return Action.PATCH_DEPENDENCY_VERSION;
    }

    public boolean image() {
      return envName == null;
    }
  }

  /** Do not change anything; hand the failure to a person. */
  record AlertHuman(String reason) implements RecoveryPlan {
    @Override
    public Action action() {
      return Action.ALERT_HUMAN;
    }
  }
}
