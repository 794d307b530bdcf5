package ai.rodytech.healer.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which pipeline a run belongs to, among the pipelines that policies target. The rules, in order
 * (docs/semantics.md): the {@code rodytech.ai/pipeline} label; else what the run kind says the run declares (the
 * CronJob that owns a Job, a PipelineRun's pipelineRef, a Workflow's template); else the run's name or
 * generateName being the pipeline name followed by '-' and a suffix (the longest such pipeline name wins), or the
 * pipeline name exactly.
 */
public final class PipelineResolver {

  private PipelineResolver() {}

  public static Optional<String> pipelineOf(HasMetadata run, Optional<String> declared, Collection<String> targets) {
    ObjectMeta meta = run.getMetadata();
    Map<String, String> labels = meta.getLabels();
    if (labels != null && labels.get(Labels.PIPELINE) != null) {
      return Optional.of(labels.get(Labels.PIPELINE));
    }
    if (declared.isPresent()) {
      return declared;
    }
    return byName(meta.getName(), targets).or(() -> byName(meta.getGenerateName(), targets));
  }

  /**
   * Every pipeline the run could belong to, whatever the policies target: its label, else what it declares, else
   * each prefix of its name and generateName that ends before a '-', and the names themselves. {@link #pipelineOf}
   * always answers one of these, so an index of runs by these keys finds a pipeline's runs without a scan.
   */
  public static Set<String> candidates(HasMetadata run, Optional<String> declared) {
    ObjectMeta meta = run.getMetadata();
    Map<String, String> labels = meta.getLabels();
    if (labels != null && labels.get(Labels.PIPELINE) != null) {
      return Set.of(labels.get(Labels.PIPELINE));
    }
    if (declared.isPresent()) {
      return Set.of(declared.get());
    }
    Set<String> keys = new HashSet<>();
    for (String name : new String[] {meta.getName(), meta.getGenerateName()}) {
      keys.addAll(byNameCandidates(name));
    }
    return keys;
  }

  private static Optional<String> byName(String name, Collection<String> targets) {
    // Looked up, longest first: a run's pipeline is found without a pass over every target (each cached run of a
    // pipeline is resolved on every reconcile of one of them).
    Set<String> set = targets instanceof Set<String> given ? given : new HashSet<>(targets);
    return byNameCandidates(name).stream().filter(set::contains).findFirst();
  }

  /** The pipelines a run name can stand for, longest first: the name, then each prefix that ends before a '-'. */
  private static List<String> byNameCandidates(String name) {
    if (name == null || name.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    names.add(name);
    for (int dash = name.lastIndexOf('-'); dash > 0; dash = name.lastIndexOf('-', dash - 1)) {
      names.add(name.substring(0, dash));
    }
    return names;
  }
}
