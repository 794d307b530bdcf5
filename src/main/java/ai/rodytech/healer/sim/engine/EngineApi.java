package ai.rodytech.healer.sim.engine;

import ai.rodytech.healer.sim.ClusterCalls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated engines' API calls, each a single call ({@link ClusterCalls}, in process; a controller's client
 * never reads an object before patching it): reads, creates, JSON patches without a resourceVersion (so they never conflict with
 * anyone else's writes), deletes and Events.
 */
public final class EngineApi {
  private static final String JSON = "application/json";

  private final ClusterCalls calls;
  private final AtomicLong eventSequence = new AtomicLong();

  EngineApi(ClusterCalls calls) {
    this.calls = calls;
  }

  /** The object at {@code path}, or null when there is none. */
  public JsonNode get(String path) {
    ClusterCalls.Answer response = send("GET", path, null, null);
    if (response.code() == 404) {
      return null;
    }
    return tree(ok(path, response).body());
  }

  /** Creates {@code object} in the collection at {@code collectionPath}; returns it as stored. */
  public JsonNode create(String collectionPath, JsonNode object) {
    ClusterCalls.Answer response = send("POST", collectionPath, JSON, Serialization.asJson(object));
    return tree(ok(collectionPath, response).body());
  }

  /** Sets the whole status of the object at {@code objectPath}, through its status subresource. */
  public void replaceStatus(String objectPath, JsonNode status) {
    patch(objectPath + "/status", "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]");
  }

  /** Applies a JSON patch (RFC 6902) to the object or subresource at {@code path}. */
  public void patch(String path, String jsonPatch) {
    ok(path, send("PATCH", path, "application/json-patch+json", jsonPatch));
  }

  /**
   * JSON patch operations (comma-separated, without brackets) that set these labels on an object whose labels
   * were {@code current} when read: one {@code add} per label when it has labels (so that labels others add
   * meanwhile stay), else one {@code add} of the whole map.
   */
  public static String labelOps(JsonNode current, java.util.Map<String, String> labels) {
    if (!current.isObject()) {
      return "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":" + Serialization.asJson(labels) + "}";
    }
    StringBuilder ops = new StringBuilder();
    labels.forEach((key, value) -> ops.append(ops.length() == 0 ? "" : ",")
        .append("{\"op\":\"add\",\"path\":\"/metadata/labels/").append(key.replace("~", "~0").replace("/", "~1"))
        .append("\",\"value\":").append(Serialization.asJson(value)).append('}'));
    return ops.toString();
  }

  /** Deletes the object at {@code path}; one that is already gone is fine. */
  public void delete(String path) {
    ClusterCalls.Answer response = send("DELETE", path, null, null);
    if (response.code() != 404) {
      ok(path, response);
    }
  }

  /**
   * Records an Event about {@code involved} (an object with apiVersion, kind and metadata) from {@code
   * component}, e.g. "PipelineRun" / "tekton-pipelines-controller".
   */
  public void event(JsonNode involved, String component, String type, String reason, String message, Instant at) {
    JsonNode metadata = involved.path("metadata");
    String namespace = metadata.path("namespace").asText();
    String when = at.truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode event = Serialization.jsonMapper().createObjectNode();
    event.put("apiVersion", "v1").put("kind", "Event");
    event.putObject("metadata")
        .put("name", metadata.path("name").asText() + "."
            + String.format("%016x", at.toEpochMilli() * 1000 + eventSequence.incrementAndGet() % 1000))
        .put("namespace", namespace);
    event.putObject("involvedObject")
        .put("apiVersion", involved.path("apiVersion").asText())
        .put("kind", involved.path("kind").asText())
        .put("name", metadata.path("name").asText())
        .put("namespace", namespace)
        .put("uid", metadata.path("uid").asText());
    event.put("type", type).put("reason", reason).put("message", message);
    event.putObject("source").put("component", component);
    event.put("reportingComponent", component);
    event.put("firstTimestamp", when).put("lastTimestamp", when).put("count", 1);
    create("/api/v1/namespaces/" + namespace + "/events", event);
  }

  private ClusterCalls.Answer send(String method, String path, String contentType, String body) {
    // The engine plays the kubelet of its own pods: a deletion it asks for is done at once, not gracefully.
    return method.equals("DELETE") ? calls.call(method, path, JSON, "{\"gracePeriodSeconds\":0}")
        : calls.call(method, path, contentType, body);
  }

  private static JsonNode tree(String json) {
    try {
      return Serialization.jsonMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new KubernetesClientException("the API server answered something that is not JSON: " + e.getMessage());
    }
  }

  private static ClusterCalls.Answer ok(String path, ClusterCalls.Answer response) {
    if (!response.ok()) {
      throw ClusterCalls.failure("", path, response);
    }
    return response;
  }
}
