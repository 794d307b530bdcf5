package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the API server of Kubernetes 1.31 does to a new pod beyond validation: requests default to limits (pod
 * defaulting), the namespace's LimitRanges add default requests and limits and refuse containers or pods above
 * their maximum or below their minimum (LimitRanger), and its ResourceQuotas refuse a pod that would take the
 * namespace over a hard limit or that does not set a resource the quota tracks (ResourceQuota). The messages are
 * the API server's, e.g. {@code exceeded quota: ci-quota, requested: limits.memory=768Mi, used:
 * limits.memory=1536Mi, limited: limits.memory=2Gi}.
 */
final class PodAdmission {
  /** The resources a quota may track that this simulation computes, by quota key. */
  private static final Map<String, String[]> TRACKED = Map.of(
      "requests.memory", new String[] {"requests", "memory"},
      "memory", new String[] {"requests", "memory"},
      "limits.memory", new String[] {"limits", "memory"},
      "requests.cpu", new String[] {"requests", "cpu"},
      "cpu", new String[] {"requests", "cpu"},
      "limits.cpu", new String[] {"limits", "cpu"});

  private PodAdmission() {}

  /** Requests default to limits, then the LimitRanges' default requests and limits fill what is missing. */
  static void mutate(ObjectNode pod, List<JsonNode> limitRanges) {
    for (ObjectNode container : containers(pod)) {
      ObjectNode resources = JsonBodies.object(container, "resources");
      ObjectNode limits = JsonBodies.object(resources, "limits");
      ObjectNode requests = JsonBodies.object(resources, "requests");
      limits.properties().forEach(e -> {
        if (!requests.has(e.getKey())) {
          requests.set(e.getKey(), e.getValue());
        }
      });
      for (JsonNode item : items(limitRanges, "Container")) {
        defaultLimits(item).forEach((r, q) -> {
          if (!limits.has(r)) {
            limits.put(r, q);
          }
        });
        defaultRequests(item).forEach((r, q) -> {
          if (!requests.has(r)) {
            requests.put(r, q);
          }
        });
      }
      if (limits.isEmpty()) {
        resources.remove("limits");
      }
      if (requests.isEmpty()) {
        resources.remove("requests");
      }
    }
  }

  /** The LimitRanges' violations, worded as LimitRanger words them; empty when the pod fits. */
  static List<String> limitRangeViolations(JsonNode pod, List<JsonNode> limitRanges) {
    List<String> errors = new ArrayList<>();
    for (JsonNode item : items(limitRanges, "Container")) {
      for (ObjectNode container : containers(pod)) {
        JsonNode resources = container.path("resources");
        check("Container", item, resources.path("requests"), resources.path("limits"), errors);
      }
    }
    for (JsonNode item : items(limitRanges, "Pod")) {
      ObjectNode requests = JsonBodies.newObject();
      ObjectNode limits = JsonBodies.newObject();
      for (String resource : List.of("memory", "cpu")) {
        sum(pod, "requests", resource).ifPresent(a -> requests.put(resource, Quantities.format(a, false)));
        sum(pod, "limits", resource).ifPresent(a -> limits.put(resource, Quantities.format(a, false)));
      }
      check("Pod", item, requests, limits, errors);
    }
    return errors;
  }

  /**
   * The first ResourceQuota of the namespace the pod breaks, worded as the quota admission words it; empty when
   * it fits. {@code pods} are the namespace's stored pods: those not yet terminated count as used.
   */
  static Optional<String> quotaViolation(JsonNode pod, List<JsonNode> quotas, List<JsonNode> pods) {
    for (JsonNode quota : quotas) {
      String name = quota.path("metadata").path("name").asText();
      JsonNode hard = quota.path("spec").path("hard");
      Map<String, List<String>> missing = new TreeMap<>();
      for (Iterator<String> keys = hard.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        String[] where = TRACKED.get(key);
        if (where == null) {
          continue;
        }
        for (ObjectNode container : containers(pod)) {
          if (!container.path("resources").path(where[0]).has(where[1])) {
            missing.computeIfAbsent(key, k -> new ArrayList<>()).add(container.path("name").asText());
          }
        }
      }
      if (!missing.isEmpty()) {
        List<String> parts = new ArrayList<>();
        missing.forEach((key, names) -> parts.add(key + " for: " + String.join(",", new TreeSet<>(names))));
        return Optional.of("failed quota: " + name + ": must specify " + String.join("; ", parts));
      }
      Map<String, String> requested = new TreeMap<>();
      Map<String, String> used = new TreeMap<>();
      Map<String, String> limited = new TreeMap<>();
      for (Iterator<String> keys = hard.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        BigDecimal limit = Quantities.amount(hard.path(key).asText());
        BigDecimal asked = usage(pod, key);
        if (limit == null || asked == null || asked.signum() == 0) {
          continue;
        }
        BigDecimal inUse = BigDecimal.ZERO;
        for (JsonNode other : pods) {
          if (counts(other)) {
            BigDecimal theirs = usage(other, key);
            inUse = inUse.add(theirs == null ? BigDecimal.ZERO : theirs);
          }
        }
        if (inUse.add(asked).compareTo(limit) > 0) {
          boolean binary = Quantities.binary(hard.path(key).asText());
          requested.put(key, Quantities.format(asked, binary));
          used.put(key, Quantities.format(inUse, binary));
          limited.put(key, hard.path(key).asText());
        }
      }
      if (!requested.isEmpty()) {
        return Optional.of("exceeded quota: " + name + ", requested: " + listed(requested) + ", used: "
            + listed(used) + ", limited: " + listed(limited));
      }
    }
    return Optional.empty();
  }

  /** What a pod uses of a quota key: 1 of pods, else the sum over its containers (or its largest init one). */
  private static BigDecimal usage(JsonNode pod, String key) {
    if (key.equals("pods")) {
      return BigDecimal.ONE;
    }
    String[] where = TRACKED.get(key);
    return where == null ? null : sum(pod, where[0], where[1]).orElse(BigDecimal.ZERO);
  }

  /** A pod counts against a quota until it has terminated (or its deletion grace period has run out). */
  private static boolean counts(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  /** The pod's total of a resource: its app containers' sum, or its largest init container when larger. */
  private static Optional<BigDecimal> sum(JsonNode pod, String bucket, String resource) {
    BigDecimal apps = null;
    for (JsonNode container : pod.path("spec").path("containers")) {
      BigDecimal amount = Quantities.amount(container.path("resources").path(bucket).path(resource).asText(""));
      if (amount != null) {
        apps = apps == null ? amount : apps.add(amount);
      }
    }
    for (JsonNode container : pod.path("spec").path("initContainers")) {
      BigDecimal amount = Quantities.amount(container.path("resources").path(bucket).path(resource).asText(""));
      if (amount != null && (apps == null || amount.compareTo(apps) > 0)) {
        apps = amount;
      }
    }
    return Optional.ofNullable(apps);
  }

  private static void check(String type, JsonNode item, JsonNode requests, JsonNode limits, List<String> errors) {
    item.path("min").properties().forEach(e -> bound(type, false, e, requests, limits, errors));
    item.path("max").properties().forEach(e -> bound(type, true, e, requests, limits, errors));
  }

  /**
   * One min or max of a LimitRange item, checked as LimitRanger does: a minimum needs a request, a maximum a
   * limit; then that value, then the other one, must respect the bound.
   */
  private static void bound(String type, boolean max, Map.Entry<String, JsonNode> bound, JsonNode requests,
      JsonNode limits, List<String> errors) {
    String resource = bound.getKey();
    BigDecimal enforced = Quantities.amount(bound.getValue().asText());
    String said = (max ? "maximum " : "minimum ") + resource + " usage per " + type + " is "
        + bound.getValue().asText();
    JsonNode first = max ? limits : requests;
    JsonNode second = max ? requests : limits;
    String firstName = max ? "limit" : "request";
    String secondName = max ? "request" : "limit";
    if (!first.has(resource)) {
      errors.add(said + ".  No " + firstName + " is specified");
    } else if (breaks(first.get(resource), enforced, max)) {
      errors.add(said + ", but " + firstName + " is " + first.get(resource).asText());
    } else if (second.has(resource) && breaks(second.get(resource), enforced, max)) {
      errors.add(said + ", but " + secondName + " is " + second.get(resource).asText());
    }
  }

  private static boolean breaks(JsonNode quantity, BigDecimal enforced, boolean max) {
    BigDecimal amount = Quantities.amount(quantity.asText());
    return amount != null && enforced != null && (max ? amount.compareTo(enforced) > 0
        : amount.compareTo(enforced) < 0);
  }

  /** A Container item's default limits: {@code default}, else {@code max}, as the API server defaults them. */
  private static Map<String, String> defaultLimits(JsonNode item) {
    Map<String, String> values = new LinkedHashMap<>();
    item.path("max").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    item.path("default").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  /** A Container item's default requests: {@code defaultRequest}, else the default limit, else {@code min}. */
  private static Map<String, String> defaultRequests(JsonNode item) {
    Map<String, String> values = new LinkedHashMap<>();
    item.path("min").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    values.putAll(defaultLimits(item));
    item.path("defaultRequest").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  private static List<JsonNode> items(List<JsonNode> limitRanges, String type) {
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode range : limitRanges) {
      for (JsonNode item : range.path("spec").path("limits")) {
        if (type.equals(item.path("type").asText())) {
          items.add(item);
        }
      }
    }
    return items;
  }

  private static List<ObjectNode> containers(JsonNode pod) {
    List<ObjectNode> all = new ArrayList<>();
    for (String field : List.of("initContainers", "containers")) {
      for (JsonNode container : pod.path("spec").path(field)) {
        if (container instanceof ObjectNode node) {
          all.add(node);
        }
      }
    }
    return all;
  }

  private static String listed(Map<String, String> values) {
    List<String> parts = new ArrayList<>();
    values.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }
}
