package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The RBAC rules every install must keep, whoever renders it (`healer manifests` or the Helm chart): no
 * wildcard; no access to Secrets but `get` on a Secret a value names; runs are created, never updated or
 * deleted; every role's grants are exactly the operator's.
 */
public final class LeastPrivilege {
  private static final Set<String> RUNS =
      Set.of("batch/jobs", "batch/cronjobs", "tekton.dev/pipelineruns", "tekton.dev/taskruns", "argoproj.io/workflows",
          "argoproj.io/workflowtemplates", "argoproj.io/cronworkflows", "tekton.dev/pipelines", "tekton.dev/tasks");

  private LeastPrivilege() {}

  /**
   * @param allowedSecrets "namespace/name" of each Secret the install was asked to grant
   */
  public static void check(List<JsonNode> docs, Set<String> allowedSecrets) {
    List<String> grantedSecrets = new ArrayList<>();
    for (JsonNode role : roles(docs)) {
      String id = YamlDocs.id(role);
      for (JsonNode rule : role.path("rules")) {
        List<String> groups = values(rule, "apiGroups");
        List<String> resources = values(rule, "resources");
        List<String> verbs = values(rule, "verbs");
        assertThat(groups).as("%s: API groups", id).doesNotContain("*");
        assertThat(resources).as("%s: resources", id).doesNotContain("*");
        assertThat(verbs).as("%s: verbs", id).doesNotContain("*").doesNotContain("escalate", "bind", "impersonate");
        assertThat(values(rule, "nonResourceURLs")).as("%s: non-resource URLs", id).isEmpty();
        for (String key : keys(groups, resources)) {
          if (RUNS.contains(key)) {
            assertThat(verbs).as("%s: %s is never updated or deleted", id, key).doesNotContain("update", "patch", "delete", "deletecollection");
          }
        }
        if (resources.stream().anyMatch(resource -> resource.startsWith("secrets"))) {
          assertThat(role.path("kind").asText()).as("%s: Secrets only through a Role", id).isEqualTo("Role");
          assertThat(resources).as("%s: a Secret rule grants nothing else", id).containsExactly("secrets");
          assertThat(verbs).as("%s: Secrets are read by name", id).containsExactly("get");
          List<String> names = values(rule, "resourceNames");
          assertThat(names).as("%s: a Secret rule names its Secret", id).hasSize(1);
          grantedSecrets.add(role.path("metadata").path("namespace").asText() + "/" + names.get(0));
        }
      }
    }
    assertThat(grantedSecrets).as("Secrets the operator may read").containsExactlyInAnyOrderElementsOf(allowedSecrets);
  }

  /** Every Role and ClusterRole, by id, with its grants: "group/resource[names]" to sorted verbs. */
  public static Map<String, Map<String, List<String>>> grantsByRole(List<JsonNode> docs) {
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    for (JsonNode role : roles(docs)) {
      Map<String, List<String>> grants = new TreeMap<>();
      for (JsonNode rule : role.path("rules")) {
        List<String> names = values(rule, "resourceNames");
        for (String key : keys(values(rule, "apiGroups"), values(rule, "resources"))) {
          String grant = names.isEmpty() ? key : key + names;
          assertThat(grants).as("%s: one rule per resource", YamlDocs.id(role)).doesNotContainKey(grant);
          grants.put(grant, values(rule, "verbs").stream().sorted().toList());
        }
      }
      out.put(YamlDocs.id(role), grants);
    }
    return out;
  }

  /** Who each binding binds to what: binding id to "roleKind/roleName -> subjects". */
  public static Map<String, String> bindings(List<JsonNode> docs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode doc : docs) {
      String kind = doc.path("kind").asText();
      if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
        JsonNode ref = doc.path("roleRef");
        List<String> subjects = new ArrayList<>();
        doc.path("subjects").forEach(s -> subjects.add(s.path("kind").asText() + "/" + s.path("namespace").asText() + "/" + s.path("name").asText()));
        out.put(YamlDocs.id(doc), ref.path("kind").asText() + "/" + ref.path("name").asText() + " -> " + subjects);
      }
    }
    return new TreeMap<>(out);
  }

  private static List<JsonNode> roles(List<JsonNode> docs) {
    return docs.stream().filter(doc -> Set.of("Role", "ClusterRole").contains(doc.path("kind").asText())).toList();
  }

  private static List<String> keys(List<String> groups, List<String> resources) {
    List<String> keys = new ArrayList<>();
    for (String group : groups) {
      for (String resource : resources) {
        keys.add((group.isEmpty() ? "core" : group) + "/" + resource);
      }
    }
    return keys;
  }

  private static List<String> values(JsonNode rule, String field) {
    List<String> out = new ArrayList<>();
    rule.path(field).forEach(value -> out.add(value.asText()));
    return out;
  }
}
