package ai.rodytech.healer.core.diagnosis;

import ai.rodytech.healer.core.snapshot.FailureSnapshot;

/**
 * Turns a failure snapshot into a diagnosis. Implementations never touch Kubernetes and never throw for bad
 * input: an unreadable snapshot is an {@code unknown} diagnosis.
 */
public interface Brain {

  Diagnosis diagnose(FailureSnapshot snapshot, BrainContext context);

  /** Short name for records and metrics: rules, llm, hybrid. */
  String name();
}
