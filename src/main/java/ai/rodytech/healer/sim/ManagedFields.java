package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code metadata.managedFields} as the API server keeps them on every object it stores: for each manager (named
 * from the writer's User-Agent, the part before the first {@code /}), operation and subresource, the set of fields
 * it has set (FieldsV1: {@code f:} a field, {@code k:} a list item by its merge key, {@code .} the item itself).
 * A create gives its manager every field it wrote; an update adds to its manager's set the fields it changed. Not
 * modelled: server-side apply, and taking a field away from its previous manager. Without them objects were
 * smaller than a real server's, and the readers never met the field (docs/simulation.md).
 */
final class ManagedFields {
  /** Fields that are the object's identity or the server's, never in a manager's set. */
  private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
      "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds",
      "selfLink");

  private static final List<String> MERGE_KEYS = List.of("uid", "type", "name");

  private final Clock clock;

  ManagedFields(Clock clock) {
    this.clock = clock;
  }

  /** The manager a User-Agent names: {@code fabric8-kubernetes-client/7.5.2 (linux/amd64)} gives its first part. */
  static String manager(String userAgent) {
    if (userAgent == null || userAgent.isBlank() || userAgent.equals("null")) {
      return "unknown";
    }
    int slash = userAgent.indexOf('/');
    return (slash < 0 ? userAgent : userAgent.substring(0, slash)).strip();
  }

  /**
   * Records on {@code object} (in place) that {@code manager} wrote it: on a create ({@code previous} null) every
   * field it holds, on an update the fields that differ from {@code previous}. {@code subresource} "status" counts
   * only the status; any other write everything but the status.
   */
  void record(ObjectNode object, JsonNode previous, String manager, String subresource) {
    ObjectNode metadata = JsonBodies.object(object, "metadata");
    JsonNode kept = previous == null ? null : previous.path("metadata").get("managedFields");
    ArrayNode entries = kept instanceof ArrayNode list ? list.deepCopy() : JsonBodies.newArray();
    boolean status = "status".equals(subresource);
    ObjectNode written = JsonBodies.newObject();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String key = field.getKey();
      if (key.equals("apiVersion") || key.equals("kind") || key.equals("status") != status) {
        continue;
      }
      JsonNode before = previous == null ? null : previous.get(key);
      JsonNode set = key.equals("metadata") ? changed(withoutServerFields(field.getValue()), before == null ? null
          : withoutServerFields(before)) : changed(field.getValue(), before);
      if (set != null && !(set.isObject() && set.isEmpty() && field.getValue().isContainerNode())) {
        written.set("f:" + key, set);
      }
    }
    if (written.isEmpty() && previous != null) {
      metadata.set("managedFields", withoutRemovedFields(entries, object));
      return;
    }
    ObjectNode entry = find(entries, manager, subresource);
    if (entry == null) {
      entry = entries.addObject();
      entry.put("manager", manager).put("operation", "Update")
          .put("apiVersion", object.path("apiVersion").asText());
      entry.put("fieldsType", "FieldsV1");
      entry.set("fieldsV1", JsonBodies.newObject());
      if (status) {
        entry.put("subresource", "status");
      }
    }
    entry.put("time", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    merge((ObjectNode) entry.get("fieldsV1"), written);
    metadata.set("managedFields", previous == null ? entries : withoutRemovedFields(entries, object));
  }

  /**
   * The entries without the fields {@code object} no longer has, as the API server keeps them: a field an update
   * removed (a label, a list item by its key) is no one's any more, and an entry left with no field goes. Without
   * this, an object whose list items come and go (a history's last runs, each keyed by its UID) carried the keys of
   * every item it ever held.
   */
  private static ArrayNode withoutRemovedFields(ArrayNode entries, JsonNode object) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).get("fieldsV1") instanceof ObjectNode set) {
        prune(set, object);
        if (set.isEmpty()) {
          entries.remove(i);
        }
      }
    }
    return entries;
  }

  /** Removes from {@code set} (a FieldsV1 set) the fields and list items {@code value} does not hold. */
  private static void prune(ObjectNode set, JsonNode value) {
    Iterator<Map.Entry<String, JsonNode>> fields = set.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode held = key.startsWith("f:") ? value.get(key.substring(2))
          : key.startsWith("k:") ? item(value, key.substring(2))
          : value; // ".", the item or field itself; "v:" values are not recorded here
      if (held == null) {
        fields.remove();
      } else if (field.getValue() instanceof ObjectNode inner && !inner.isEmpty() && !key.equals(".")) {
        prune(inner, held);
        if (inner.isEmpty()) {
          fields.remove(); // a path to fields, none of which is left (a leaf is empty from the start)
        }
      }
    }
  }

  /**
   * The item of the list {@code value} whose merge key has the value {@code key} names ({@code {"uid":"..."}}); a key
   * that is not JSON (a client's own managedFields) names nothing in particular and keeps its place.
   */
  private static JsonNode item(JsonNode value, String key) {
    if (!(value instanceof ArrayNode list) || !(JsonBodies.tree(key) instanceof ObjectNode wanted)) {
      return null;
    }
    for (JsonNode candidate : list) {
      boolean matches = true;
      for (Map.Entry<String, JsonNode> part : wanted.properties()) {
        matches &= part.getValue().equals(candidate.get(part.getKey()));
      }
      if (matches) {
        return candidate;
      }
    }
    return null;
  }

  private static ObjectNode find(ArrayNode entries, String manager, String subresource) {
    for (JsonNode entry : entries) {
      if (entry instanceof ObjectNode found && manager.equals(found.path("manager").asText())
          && "Update".equals(found.path("operation").asText())
          && subresource.equals(found.path("subresource").asText(""))) {
        return found;
      }
    }
    return null;
  }

  private static JsonNode withoutServerFields(JsonNode metadata) {
    if (!(metadata instanceof ObjectNode object)) {
      return metadata;
    }
    ObjectNode copy = object.deepCopy();
    copy.remove(SERVER_METADATA);
    return copy;
  }

  /** The FieldsV1 set of what {@code now} holds that {@code before} did not; null when nothing changed. */
  private static JsonNode changed(JsonNode now, JsonNode before) {
    if (now.equals(before)) {
      return null;
    }
    if (now instanceof ObjectNode object) {
      ObjectNode set = JsonBodies.newObject();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        JsonNode inner = changed(field.getValue(), before == null ? null : before.get(field.getKey()));
        if (inner != null) {
          set.set("f:" + field.getKey(), inner);
        }
      }
      return set;
    }
    String mergeKey = now instanceof ArrayNode list && list.size() > 0 ? mergeKey(list.get(0)) : null;
    if (mergeKey != null) {
      ObjectNode set = JsonBodies.newObject();
      for (JsonNode item : now) {
        JsonNode old = null;
        if (before instanceof ArrayNode previous) {
          for (JsonNode candidate : previous) {
            if (candidate.path(mergeKey).equals(item.path(mergeKey))) {
              old = candidate;
            }
          }
        }
        JsonNode inner = changed(item, old);
        if (inner instanceof ObjectNode fields) {
          fields.remove("f:" + mergeKey);
          ObjectNode keyed = JsonBodies.newObject();
          keyed.set(".", JsonBodies.newObject());
          keyed.setAll(fields);
          set.set("k:{\"" + mergeKey + "\":" + item.path(mergeKey).toString() + "}", keyed);
        }
      }
      return set;
    }
    return JsonBodies.newObject();
  }

  /**
   * The field a list's items are merged by, as the API's strategic merge keys mostly are: an owner reference's
   * uid, a condition's type, a container's, variable's or volume's name; null for a list set as a whole.
   */
  private static String mergeKey(JsonNode item) {
    for (String key : MERGE_KEYS) {
      if (item.path(key).isTextual()) {
        return key;
      }
    }
    return null;
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    for (Map.Entry<String, JsonNode> field : from.properties()) {
      if (into.get(field.getKey()) instanceof ObjectNode existing && field.getValue() instanceof ObjectNode more) {
        merge(existing, more);
      } else {
        into.set(field.getKey(), field.getValue());
      }
    }
  }
}
