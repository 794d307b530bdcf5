package ai.rodytech.healer.sim.engine;

import ai.rodytech.healer.sim.InProcessCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** Reads and writes engine objects of the in-process cluster as JSON trees, for the engines' tests. */
public final class EngineFixture {
  private final KubernetesClient client;
  private final String namespace;

  public EngineFixture(InProcessCluster cluster, String namespace) {
    this.client = cluster.client();
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }

  /** Creates every object of a YAML resource in the namespace, the last one changed by {@code lastEdit}. */
  public void apply(String resource, UnaryOperator<ObjectNode> lastEdit) {
    List<ObjectNode> all = load(resource);
    for (int i = 0; i < all.size(); i++) {
      create(i == all.size() - 1 ? lastEdit.apply(all.get(i)) : all.get(i));
    }
  }

  /** The objects of a YAML resource, each as a JSON tree. */
  public List<ObjectNode> load(String resource) {
    try (InputStream yaml = EngineFixture.class.getClassLoader().getResourceAsStream(resource)) {
      if (yaml == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return client.load(yaml).items().stream()
          .map(o -> (ObjectNode) Serialization.jsonMapper().valueToTree(o))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public GenericKubernetesResource create(JsonNode object) {
    GenericKubernetesResource resource = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
    resource.getMetadata().setNamespace(namespace);
    return client.resource(resource).inNamespace(namespace).create();
  }

  /** The object, as a JSON tree; a missing node when there is none. */
  public JsonNode get(String apiVersion, String kind, String name) {
    GenericKubernetesResource found =
        client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get();
    return found == null ? Serialization.jsonMapper().missingNode() : Serialization.jsonMapper().valueToTree(found);
  }

  public List<JsonNode> list(String apiVersion, String kind) {
    return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).list().getItems().stream()
        .map(o -> (JsonNode) Serialization.jsonMapper().valueToTree(o))
        .toList();
  }

  public JsonNode pod(String name) {
    return get("v1", "Pod", name);
  }

  /** The log of one container, through the API's pod log endpoint. */
  public String log(String pod, String container) {
    return client.pods().inNamespace(namespace).withName(pod).inContainer(container).getLog();
  }

  /** The reasons of the Events about one object, oldest first. */
  public List<String> eventReasons(String involvedName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(involvedName))
        .map(e -> e.getType() + " " + e.getReason())
        .toList();
  }

  /**
   * API calls (watches left out) to paths of this fixture's namespace since the cluster's counts were reset,
   * less the test's own {@code testCalls}, once they have stopped growing (the final event follows the final
   * status write).
   */
  public long engineCalls(InProcessCluster cluster, int testCalls) throws InterruptedException {
    String prefix = "/namespaces/" + namespace + "/";
    long before;
    long after = cluster.requests().count(c -> !c.watch() && c.path().contains(prefix));
    do {
      before = after;
      Thread.sleep(300);
      after = cluster.requests().count(c -> !c.watch() && c.path().contains(prefix));
    } while (after != before);
    return after - testCalls;
  }

  /** Whether the engine has finished every run it took on within a few seconds. */
  public static boolean idle(SimulatedEngine engine) throws InterruptedException {
    return engine.awaitIdle(Duration.ofSeconds(5)) && engine.finished() == engine.accepted();
  }
}
