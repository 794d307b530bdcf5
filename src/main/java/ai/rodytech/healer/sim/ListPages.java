package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Lists in chunks, as the API server answers {@code limit} and {@code continue}: items in key order (namespace,
 * then name), at most {@code limit} of them, and while more remain an opaque {@code continue} token and (without
 * a selector) {@code remainingItemCount}. A token carries the list's resourceVersion; once the cluster is
 * {@linkplain InProcessCluster#compact() compacted} past it, continuing is refused with 410 Expired. Unlike
 * etcd, the following pages are read from the current objects, not from a snapshot.
 */
final class ListPages {
  static final String EXPIRED_CONTINUE = "The provided continue parameter is too old to display a consistent list"
      + " result. You can start a new list without the continue parameter, or use the continue token in this"
      + " response to retrieve the remainder of the results. Continuing with the provided token results in an"
      + " inconsistent list - objects that were created, modified, or deleted between the time the first chunk"
      + " was returned and now may show up in the list.";

  private ListPages() {}

  /** Whether a list request asks for a chunk. */
  static boolean wanted(Map<String, String> query) {
    return query.containsKey("continue") || number(query.get("limit")) > 0;
  }

  /** The chunk of {@code listJson} the query asks for. */
  static MockResponse page(String listJson, Map<String, String> query, long resourceVersion, long compacted) {
    JsonNode parsed = JsonBodies.tree(listJson);
    if (!(parsed instanceof ObjectNode list) || !list.path("items").isArray()) {
      return new MockResponse().setResponseCode(200).setBody(listJson);
    }
    String start = "";
    long version = resourceVersion;
    String token = query.getOrDefault("continue", "");
    if (!token.isEmpty()) {
      JsonNode decoded;
      try {
        decoded = JsonBodies.tree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        decoded = null;
      }
      if (decoded == null || !decoded.path("rv").canConvertToLong() || !decoded.has("start")) {
        return ApiStatus.failure(400, "BadRequest", "continue key is not valid: incorrect encoded start"
            + " resourceVersion (version meta.k8s.io/v1)", null, null);
      }
      version = decoded.path("rv").asLong();
      if (version < compacted) {
        return ApiStatus.failure(410, "Expired", EXPIRED_CONTINUE, null, null);
      }
      start = decoded.path("start").asText();
    }
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    items.sort(Comparator.comparing(ListPages::key));
    String after = start;
    List<JsonNode> rest = items.stream().filter(i -> key(i).compareTo(after) > 0).toList();
    long limit = number(query.get("limit"));
    List<JsonNode> chunk = limit > 0 && rest.size() > limit ? rest.subList(0, (int) limit) : rest;
    ArrayNode out = list.putArray("items");
    chunk.forEach(out::add);
    ObjectNode metadata = JsonBodies.object(list, "metadata");
    metadata.put("resourceVersion", String.valueOf(version));
    metadata.remove("continue");
    metadata.remove("remainingItemCount");
    int remaining = rest.size() - chunk.size();
    if (remaining > 0) {
      String last = key(chunk.get(chunk.size() - 1));
      metadata.put("continue", Base64.getUrlEncoder().withoutPadding().encodeToString(
          Serialization.asJson(Map.of("v", "meta.k8s.io/v1", "rv", version, "start", last))
              .getBytes(StandardCharsets.UTF_8)));
      if (!query.containsKey("labelSelector") && !query.containsKey("fieldSelector")) {
        metadata.put("remainingItemCount", remaining);
      }
    }
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(list));
  }

  /** The etcd key order: namespace, then name. */
  private static String key(JsonNode item) {
    return item.path("metadata").path("namespace").asText("") + "/" + item.path("metadata").path("name").asText();
  }

  private static long number(String value) {
    try {
      return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
