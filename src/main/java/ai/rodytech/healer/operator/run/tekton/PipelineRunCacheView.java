package ai.rodytech.healer.operator.run.tekton;

import ai.rodytech.healer.operator.run.RunState;
import ai.rodytech.healer.operator.run.engine.CacheViews;
import ai.rodytech.healer.operator.run.engine.RunFields;

/**
 * What the PipelineRun informer keeps of each run: a failed run whole (the healer observes and re-creates it);
 * others slim — identity, labels, the healer's annotations, the pipeline reference and parameters, the
 * conditions and times, and the Pipeline's parameter declarations (the defaults a successful run's versions are
 * read from). The resolved pipeline spec and child references of a finished run are dropped.
 */
final class PipelineRunCacheView {

  private PipelineRunCacheView() {}

  static PipelineRun of(PipelineRun run) {
    if (PipelineRunStates.of(run) instanceof RunState.Failed) {
      return CacheViews.whole(run, PipelineRun::new);
    }
    return CacheViews.slim(run, PipelineRun::new, CacheViews.of(
        "spec", CacheViews.of(
            "pipelineRef", RunFields.at(run, "spec", "pipelineRef"),
            "params", RunFields.at(run, "spec", "params")),
        "status", CacheViews.of(
            "conditions", RunFields.at(run, "status", "conditions"),
            "startTime", RunFields.at(run, "status", "startTime"),
            "completionTime", RunFields.at(run, "status", "completionTime"),
            "pipelineSpec", CacheViews.of("params", RunFields.at(run, "status", "pipelineSpec", "params")))));
  }
}
