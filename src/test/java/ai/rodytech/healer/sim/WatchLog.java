package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * What a watcher of one namespace sees of its Jobs and pods, in the order it sees it: a test reads back the
 * sequence (FailureTarget before Failed, a pod terminated before it is removed) instead of racing for snapshots.
 */
final class WatchLog implements AutoCloseable {

  /** One watch event: the action, the object as it was then, and when it arrived. */
  record Seen(Watcher.Action action, HasMetadata object, long nanoTime) {
    String name() {
      return object.getMetadata().getName();
    }

    boolean isPod() {
      return object instanceof Pod;
    }
  }

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<Watch> watches = new ArrayList<>();

  WatchLog(KubernetesClient client, String namespace) {
    watches.add(client.batch().v1().jobs().inNamespace(namespace).watch(new Recorder<>()));
    watches.add(client.pods().inNamespace(namespace).watch(new Recorder<>()));
  }

  List<Seen> all() {
    return List.copyOf(seen);
  }

  /** The states of one Job, in order. */
  List<Job> job(String name) {
    return seen.stream().filter(s -> s.object() instanceof Job && s.name().equals(name))
        .map(s -> (Job) s.object()).toList();
  }

  /** The events of the pods of one Job, in order. */
  List<Seen> podsOf(String job) {
    return seen.stream().filter(s -> s.isPod() && job.equals(s.object().getMetadata().getLabels().get("job-name")))
        .toList();
  }

  /** The pods of one Job as they were after each status write (creations without a status left out). */
  List<Pod> podStatesOf(String job) {
    return podsOf(job).stream().map(s -> (Pod) s.object())
        .filter(p -> p.getStatus() != null && !p.getStatus().getContainerStatuses().isEmpty()).toList();
  }

  /**
   * The resourceVersion of the first event matching, or -1: the server's order of writes, which holds across
   * watches of different resources (their events may arrive in any order).
   */
  long version(Predicate<Seen> which) {
    return seen.stream().filter(which).findFirst()
        .map(s -> Long.parseLong(s.object().getMetadata().getResourceVersion())).orElse(-1L);
  }

  static List<String> conditionTypes(Job job) {
    return job.getStatus() == null ? List.of()
        : job.getStatus().getConditions().stream().map(JobCondition::getType).toList();
  }

  static ContainerStatus container(Pod pod, String name) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }

  private final class Recorder<T extends HasMetadata> implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {
      seen.add(new Seen(action, resource, System.nanoTime()));
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
