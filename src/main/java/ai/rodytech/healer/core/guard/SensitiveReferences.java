package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.PodScope;
import ai.rodytech.healer.core.change.RunLayout;
import ai.rodytech.healer.core.change.Workload;
import ai.rodytech.healer.core.change.Workloads;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Finds changes to what exposes a Secret or the node: env vars and envFrom entries backed by Secrets, Secret,
 * projected-Secret and hostPath volumes, and mounts of those volumes. Entries are matched by name (mount path for
 * mounts) in the run before and after, and a change counts when either side is sensitive: adding a Secret
 * reference is as forbidden as altering or removing one.
 */
final class SensitiveReferences {

  private SensitiveReferences() {}

  static Optional<String> secretEnv(ChangeSet change) {
    for (String container : containerNames(change)) {
      Map<String, JsonNode> before = byKey(containerList(change, change.before(), container, "env"), "name");
      Map<String, JsonNode> after = byKey(containerList(change, change.after(), container, "env"), "name");
      for (String name : union(before, after)) {
        JsonNode was = before.get(name);
        JsonNode now = after.get(name);
        if (!Objects.equals(was, now) && (secretBacked(was) || secretBacked(now))) {
          return Optional.of("the change touches environment variable " + name + " of container '" + container
              + "', which is backed by a Secret");
        }
      }
    }
    return Optional.empty();
  }

  static Optional<String> secretEnvFrom(ChangeSet change) {
    for (String container : containerNames(change)) {
      List<JsonNode> before = secretEnvFrom(change, change.before(), container);
      List<JsonNode> after = secretEnvFrom(change, change.after(), container);
      if (!before.equals(after)) {
        JsonNode entry = (after.isEmpty() ? before : after).get(0);
        return Optional.of("the change touches envFrom of container '" + container + "', which reads Secret '"
            + entry.path("secretRef").path("name").asText() + "'");
      }
    }
    return Optional.empty();
  }

  static Optional<String> sensitiveVolume(ChangeSet change) {
    Map<String, JsonNode> before = byKey(volumes(change.layout(), change.before()), "name");
    Map<String, JsonNode> after = byKey(volumes(change.layout(), change.after()), "name");
    for (String name : union(before, after)) {
      JsonNode was = before.get(name);
      JsonNode now = after.get(name);
      if (!Objects.equals(was, now)) {
        Optional<String> kind = sensitiveKind(was).or(() -> sensitiveKind(now));
        if (kind.isPresent()) {
          return Optional.of("the change touches volume '" + name + "', a " + kind.get() + " volume");
        }
      }
    }
    return Optional.empty();
  }

  static Optional<String> sensitiveMount(ChangeSet change) {
    Map<String, JsonNode> volumes = byKey(volumes(change.layout(), change.before()), "name");
    byKey(volumes(change.layout(), change.after()), "name").forEach(volumes::putIfAbsent);
    for (String container : containerNames(change)) {
      Map<String, JsonNode> before =
          byKey(containerList(change, change.before(), container, "volumeMounts"), "mountPath");
      Map<String, JsonNode> after =
          byKey(containerList(change, change.after(), container, "volumeMounts"), "mountPath");
      for (String path : union(before, after)) {
        JsonNode was = before.get(path);
        JsonNode now = after.get(path);
        if (Objects.equals(was, now)) {
          continue;
        }
        for (JsonNode mount : new JsonNode[] {was, now}) {
          String volume = mount == null ? "" : mount.path("name").asText();
          Optional<String> kind = sensitiveKind(volumes.get(volume));
          if (kind.isPresent()) {
            return Optional.of("the change touches the mount at " + path + " in container '" + container
                + "' of volume '" + volume + "', a " + kind.get() + " volume");
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean secretBacked(JsonNode envVar) {
    return envVar != null && envVar.path("valueFrom").has("secretKeyRef");
  }

  private static List<JsonNode> secretEnvFrom(ChangeSet change, JsonNode run, String container) {
    return containerList(change, run, container, "envFrom").stream().filter(e -> e.has("secretRef")).toList();
  }

  private static Optional<String> sensitiveKind(JsonNode volume) {
    if (volume == null) {
      return Optional.empty();
    }
    if (volume.has("secret") || volume.has("csi") && volume.path("csi").path("driver").asText("")
        .startsWith("secrets-store")) {
      return Optional.of("Secret");
    }
    if (volume.has("hostPath")) {
      return Optional.of("hostPath");
    }
    for (JsonNode source : volume.path("projected").path("sources")) {
      if (source.has("secret") || source.has("serviceAccountToken")) {
        return Optional.of("projected Secret or token");
      }
    }
    return Optional.empty();
  }

  /** Ids of the workloads of either run, in the order they first appear. */
  static Set<String> containerNames(ChangeSet change) {
    Set<String> names = new LinkedHashSet<>();
    change.layout().workloads(change.before()).forEach(w -> names.add(w.id()));
    change.layout().workloads(change.after()).forEach(w -> names.add(w.id()));
    return names;
  }

  private static List<JsonNode> containerList(ChangeSet change, JsonNode run, String container, String field) {
    return Workloads.named(change.layout(), run, container)
        .map(Workload::node)
        .map(node -> elements(node.path(field)))
        .orElse(List.of());
  }

  /** Volumes of every pod scope, then the kind's own volume-like entries (e.g. Tekton workspace bindings). */
  private static List<JsonNode> volumes(RunLayout layout, JsonNode run) {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (PodScope scope : layout.podScopes(run)) {
      out.addAll(elements(scope.node().path("volumes")));
    }
    out.addAll(layout.extraVolumes(run));
    return out;
  }

  private static List<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static Map<String, JsonNode> byKey(List<JsonNode> entries, String key) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode entry : entries) {
      out.putIfAbsent(entry.path(key).asText(""), entry);
    }
    return out;
  }

  private static Set<String> union(Map<String, JsonNode> a, Map<String, JsonNode> b) {
    Set<String> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }
}
