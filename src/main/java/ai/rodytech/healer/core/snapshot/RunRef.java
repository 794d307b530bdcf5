package ai.rodytech.healer.core.snapshot;

/**
 * Identifies a run and its lineage.
 *
 * @param kind e.g. Job, PipelineRun, Workflow
 * @param namespace the run's namespace
 * @param name the run's name
 * @param uid the run's UID
 * @param pipeline the pipeline the run belongs to
 * @param rootName the run that started this lineage (the run itself when it is not a retry)
 * @param attempt 0 for an original run, N for the healer's N-th attempt in the lineage
 */
public record RunRef(
    String kind, String namespace, String name, String uid, String pipeline, String rootName, int attempt) {

  static RunRef adHoc() {
    return new RunRef("Log", "", "local", "", "", "local", 0);
  }
}
