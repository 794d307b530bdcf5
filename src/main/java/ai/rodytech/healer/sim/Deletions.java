package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DELETE as the API server and the garbage collector of Kubernetes 1.31 carry it out, synchronously:
 *
 * <ul>
 *   <li>a pod bound to a node and not yet terminated is deleted gracefully: it gets {@code deletionTimestamp}
 *       (now plus the grace period) and stays until the kubelet, having stopped it, deletes it with grace 0;
 *   <li>an object with finalizers gets {@code deletionTimestamp} and stays until they are removed;
 *   <li>{@code propagationPolicy}: {@code Background} removes the object, then its dependents (objects whose
 *       ownerReferences name its uid); {@code Foreground} adds the {@code foregroundDeletion} finalizer, deletes
 *       the dependents and removes the object once no dependent that blocks owner deletion is left;
 *       {@code Orphan} removes the owner reference from the dependents. A batch/v1 Job deleted without a policy
 *       orphans its pods (with the API server's warning), anything else is deleted in the background;
 *   <li>{@code preconditions.uid} must name the stored object.
 * </ul>
 */
final class Deletions {
  static final String FOREGROUND = "foregroundDeletion";
  static final String ORPHAN = "orphan";
  static final String JOB_WARNING = "299 - \"child pods are preserved by default when jobs are deleted; set"
      + " propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning\"";
  private static final int DEFAULT_GRACE_SECONDS = 30;

  /** The stored objects, as the deletions read and change them. */
  interface Store extends StoredObjects {
    /** Stores a new state of the object at {@code path}. */
    void update(String path, ObjectNode object);

    /** Removes the object at {@code path}. */
    void remove(String path);
  }

  /** What a DELETE answers: the object as it is now (marked, or as last stored), or an error. */
  record Outcome(int code, JsonNode object, String reason, String message, boolean warnJobOrphans) {}

  private final Store store;
  private final Clock clock;

  Deletions(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** DELETE of the object at {@code path}; {@code options} is the request's DeleteOptions (may be empty). */
  Outcome delete(String path, JsonNode options) {
    ObjectNode object = store.get(path);
    if (object == null) {
      return new Outcome(404, null, "NotFound", null, false);
    }
    String preconditionUid = options.path("preconditions").path("uid").asText("");
    String uid = object.path("metadata").path("uid").asText();
    if (!preconditionUid.isEmpty() && !preconditionUid.equals(uid)) {
      return new Outcome(409, null, "Conflict", "Precondition failed: UID in precondition: " + preconditionUid
          + ", UID in object meta: " + uid, false);
    }
    boolean jobDefault = isJob(object) && policyOf(options) == null;
    return new Outcome(200, delete(path, object, options), null, null, jobDefault);
  }

  /** Called after any object was removed: drops what hung on it, lets a foreground owner go. */
  void removed(JsonNode object) {
    for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
      String ownerPath = pathOf(owner.path("apiVersion").asText(), owner.path("kind").asText(),
          object.path("metadata").path("namespace").asText(), owner.path("name").asText());
      ObjectNode stored = store.get(ownerPath);
      if (stored != null && stored.path("metadata").path("uid").asText().equals(owner.path("uid").asText())
          && finalizers(stored).contains(FOREGROUND) && blockingDependents(stored).isEmpty()) {
        dropFinalizer(ownerPath, FOREGROUND);
      }
    }
  }

  private JsonNode delete(String path, ObjectNode object, JsonNode options) {
    ObjectNode metadata = (ObjectNode) object.path("metadata");
    boolean pod = isPod(object);
    long grace = pod ? podGrace(object, options) : 0;
    if (metadata.hasNonNull("deletionTimestamp")) {
      // Already being deleted: only the kubelet's final delete (grace 0) of a pod changes anything.
      if (pod && grace == 0 && finalizers(object).isEmpty()) {
        store.remove(path);
      }
      return object;
    }
    String policy = policyOf(options);
    if (policy == null) {
      policy = isJob(object) ? "Orphan" : "Background";
    }
    List<String> finalizers = finalizers(object);
    if (policy.equals("Foreground")) {
      finalizers.add(FOREGROUND);
    } else if (policy.equals("Orphan")) {
      finalizers.add(ORPHAN);
    }
    if (grace == 0 && finalizers.isEmpty()) {
      store.remove(path);
      deleteDependents(object, "Background");
      return object;
    }
    Instant now = clock.instant();
    metadata.put("deletionTimestamp", RunObjects.time(now.plusSeconds(grace)));
    metadata.put("deletionGracePeriodSeconds", grace);
    ArrayNode list = metadata.putArray("finalizers");
    finalizers.forEach(list::add);
    store.update(path, object);
    if (policy.equals("Orphan")) {
      orphanDependents(object);
      dropFinalizer(path, ORPHAN);
    } else if (policy.equals("Foreground")) {
      deleteDependents(object, "Foreground");
      if (blockingDependents(object).isEmpty()) {
        dropFinalizer(path, FOREGROUND);
      }
    }
    ObjectNode after = store.get(path);
    return after == null ? object : after;
  }

  /** Removes one finalizer; an object marked for deletion with none left goes (a pod once its grace is over). */
  private void dropFinalizer(String path, String finalizer) {
    ObjectNode object = store.get(path);
    if (object == null) {
      return;
    }
    List<String> finalizers = finalizers(object);
    if (!finalizers.remove(finalizer)) {
      return;
    }
    ObjectNode metadata = (ObjectNode) object.path("metadata");
    boolean graceful = isPod(object) && metadata.path("deletionGracePeriodSeconds").asLong(0) > 0;
    if (finalizers.isEmpty() && !graceful) {
      store.remove(path);
      return;
    }
    ArrayNode list = metadata.putArray("finalizers");
    finalizers.forEach(list::add);
    if (finalizers.isEmpty()) {
      metadata.remove("finalizers");
    }
    store.update(path, object);
  }

  private void deleteDependents(JsonNode owner, String policy) {
    ObjectNode options = JsonBodies.newObject();
    options.put("propagationPolicy", policy);
    for (ObjectNode dependent : dependents(owner)) {
      String path = pathOf(dependent);
      ObjectNode current = store.get(path);
      if (current != null) {
        delete(path, current, options);
      }
    }
  }

  private void orphanDependents(JsonNode owner) {
    String uid = owner.path("metadata").path("uid").asText();
    for (ObjectNode dependent : dependents(owner)) {
      ArrayNode kept = JsonBodies.newArray();
      for (JsonNode reference : dependent.path("metadata").path("ownerReferences")) {
        if (!reference.path("uid").asText().equals(uid)) {
          kept.add(reference);
        }
      }
      ObjectNode metadata = (ObjectNode) dependent.path("metadata");
      if (kept.isEmpty()) {
        metadata.remove("ownerReferences");
      } else {
        metadata.set("ownerReferences", kept);
      }
      store.update(pathOf(dependent), dependent);
    }
  }

  private List<ObjectNode> blockingDependents(JsonNode owner) {
    String uid = owner.path("metadata").path("uid").asText();
    List<ObjectNode> blocking = new ArrayList<>();
    for (ObjectNode dependent : dependents(owner)) {
      for (JsonNode reference : dependent.path("metadata").path("ownerReferences")) {
        if (reference.path("uid").asText().equals(uid) && reference.path("blockOwnerDeletion").asBoolean(false)) {
          blocking.add(dependent);
        }
      }
    }
    return blocking;
  }

  /** The pods and Jobs of the owner's namespace whose ownerReferences name the owner's uid. */
  private List<ObjectNode> dependents(JsonNode owner) {
    String uid = owner.path("metadata").path("uid").asText();
    String namespace = owner.path("metadata").path("namespace").asText("");
    List<ObjectNode> found = new ArrayList<>();
    if (uid.isEmpty() || namespace.isEmpty()) {
      return found;
    }
    List<String> candidates = new ArrayList<>(store.inNamespace("/api/v1", "pods", namespace));
    candidates.addAll(store.inNamespace("/apis/batch/v1", "jobs", namespace));
    for (String json : candidates) {
      if (!json.contains(uid)) {
        continue; // cheap: most objects are not about this owner
      }
      ObjectNode object = (ObjectNode) JsonBodies.tree(json);
      for (JsonNode reference : object.path("metadata").path("ownerReferences")) {
        if (reference.path("uid").asText().equals(uid)) {
          found.add(object);
          break;
        }
      }
    }
    return found;
  }

  /** The grace period of a pod's deletion: none for a pod not on a node or already terminated. */
  private static long podGrace(JsonNode pod, JsonNode options) {
    String phase = pod.path("status").path("phase").asText("");
    if (pod.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded")
        || phase.equals("Failed")) {
      return 0;
    }
    if (options.hasNonNull("gracePeriodSeconds")) {
      return Math.max(0, options.path("gracePeriodSeconds").asLong());
    }
    return pod.path("spec").path("terminationGracePeriodSeconds").asLong(DEFAULT_GRACE_SECONDS);
  }

  private static String policyOf(JsonNode options) {
    String policy = options.path("propagationPolicy").asText("");
    if (!policy.isEmpty()) {
      return policy;
    }
    if (options.has("orphanDependents")) {
      return options.path("orphanDependents").asBoolean() ? "Orphan" : "Background";
    }
    return null;
  }

  private static List<String> finalizers(JsonNode object) {
    List<String> finalizers = new ArrayList<>();
    object.path("metadata").path("finalizers").forEach(f -> finalizers.add(f.asText()));
    return finalizers;
  }

  private static boolean isPod(JsonNode object) {
    return "Pod".equals(object.path("kind").asText()) && "v1".equals(object.path("apiVersion").asText());
  }

  private static boolean isJob(JsonNode object) {
    return JobDefaults.isJob(object);
  }

  static String pathOf(JsonNode object) {
    return pathOf(object.path("apiVersion").asText(), object.path("kind").asText(),
        object.path("metadata").path("namespace").asText(""), object.path("metadata").path("name").asText());
  }

  /** The API path of an object: core kinds under /api/v1, others under /apis/group/version, plural of the kind. */
  static String pathOf(String apiVersion, String kind, String namespace, String name) {
    String prefix = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    String lower = kind.toLowerCase(Locale.ROOT);
    String plural = lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies"
        : lower.endsWith("s") ? lower + "es" : lower + "s";
    return prefix + (namespace.isEmpty() ? "" : "/namespaces/" + namespace) + "/" + plural + "/" + name;
  }
}
