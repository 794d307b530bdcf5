package ai.rodytech.healer.operator.run;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.Cloner;
import java.util.Set;

/**
 * JOSDK clones every primary resource before reconciling it (a JSON round trip) so that a reconciler may change
 * it freely. The run reconcilers never change a run: they read it, return {@code noUpdate} and build corrective
 * runs as new JSON trees. Their runs are handed over as the informer cached them, which saved a tenth of the
 * operator's CPU under a burst of failures (docs/performance.md); policies and incidents, which their
 * reconcilers do change, are cloned as before.
 */
public final class CachedRuns implements Cloner {
  private final Set<Class<?>> runTypes;
  private final Cloner others;

  public CachedRuns(Set<Class<?>> runTypes, Cloner others) {
    this.runTypes = Set.copyOf(runTypes);
    this.others = others;
  }

  @Override
  public <R extends HasMetadata> R clone(R resource) {
    return runTypes.contains(resource.getClass()) ? resource : others.clone(resource);
  }
}
