package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a watch receives over the wire: {@code {"type":...,"object":...}} as an API server writes it, with the object
 * exactly as stored, in the store's order.
 */
class WatchEventsTest {
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private static final String NS = "watch-events";
  private static final String PATH = "/api/v1/namespaces/" + NS + "/configmaps";
  private static final String HERE = "/api/v1/namespaces/in-process/configmaps";

  @Test
  void aWatchReceivesTheObjectAsStoredWhenAddedModifiedAndDeleted() throws Exception {
    InProcessCluster cluster = CLUSTER.cluster();
    // Each event must carry the object exactly as a GET answers it (as stored, after the server's defaulting).
    cluster.direct("POST", PATH, "application/json",
        "{\"data\":{\"z\":\"last\",\"a\":\"first\"},\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
            + "\"metadata\":{\"name\":\"before\",\"namespace\":\"" + NS + "\"},\"x-size\":1.5e3}", "test");
    List<String> texts = new CopyOnWriteArrayList<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(cluster.url().replaceFirst("^http", "ws").replaceFirst("/$", "") + PATH + "?watch=true"), collector(texts))
        .get();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> texts.size() == 1);
      String first = stored("before");
      cluster.direct("POST", PATH, "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"after\"},\"data\":{\"k\":\"v\"}}",
          "test");
      String added = stored("after");
      cluster.direct("PATCH", PATH + "/after", "application/merge-patch+json", "{\"data\":{\"k\":\"w\"}}", "test");
      String modified = stored("after");
      cluster.direct("DELETE", PATH + "/after", null, null, "test");

      await().atMost(Duration.ofSeconds(10)).until(() -> texts.size() >= 4);
      Thread.sleep(200); // nothing else arrives
      assertThat(texts).containsExactly(
          "{\"type\":\"ADDED\",\"object\":" + first + "}",
          "{\"type\":\"ADDED\",\"object\":" + added + "}",
          "{\"type\":\"MODIFIED\",\"object\":" + modified + "}",
          "{\"type\":\"DELETED\",\"object\":" + modified.replace(
              "\"resourceVersion\":\"" + version(modified) + "\"", "\"resourceVersion\":\"" + version(texts.get(3)) + "\"") + "}");
      assertThat(Long.parseLong(version(texts.get(3)))).as("deleted at a version of its own")
          .isGreaterThan(Long.parseLong(version(modified)));
    } finally {
      socket.abort();
    }
  }

  @Test
  void anInProcessWatchHearsWhatStoredObjectsItSelectsThenEachChangeInOrder() throws Exception {
    InProcessCluster cluster = CLUSTER.cluster();
    String other = "/api/v1/namespaces/elsewhere/configmaps";
    cluster.direct("POST", HERE, "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"first\"}}", "test");
    String first = stored(HERE, "first");
    List<String> heard = new CopyOnWriteArrayList<>();
    try (AutoCloseable watch = cluster.watch(HERE, (action, json) -> heard.add(action + " " + json))) {
      cluster.direct("POST", other, "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"not-here\"}}", "test");
      cluster.direct("POST", HERE, "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"second\"}}", "test");
      String second = stored(HERE, "second");
      for (int i = 0; i < 20; i++) {
        cluster.direct("PATCH", HERE + "/second", "application/merge-patch+json",
            "{\"data\":{\"n\":\"" + i + "\"}}", "test");
      }
      String last = stored(HERE, "second");
      cluster.direct("DELETE", HERE + "/first", null, null, "test");

      await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= 23);
      Thread.sleep(200); // nothing else arrives
      assertThat(heard).hasSize(23);
      assertThat(heard.get(0)).isEqualTo("ADDED " + first);
      assertThat(heard.get(1)).isEqualTo("ADDED " + second);
      for (int i = 0; i < 20; i++) {
        assertThat(heard.get(2 + i)).as("patch %d, in order", i).startsWith("MODIFIED ")
            .contains("\"data\":{\"n\":\"" + i + "\"}");
      }
      assertThat(heard.get(21)).isEqualTo("MODIFIED " + last);
      assertThat(heard.get(22)).startsWith("DELETED ").contains("\"name\":\"first\"");
    }
    cluster.direct("DELETE", HERE + "/second", null, null, "test");
    Thread.sleep(200);
    assertThat(heard).as("nothing once closed").hasSize(23);
  }

  private static String stored(String name) {
    return stored(PATH, name);
  }

  private static String stored(String path, String name) {
    ClusterCalls.Answer answer = CLUSTER.cluster().direct("GET", path + "/" + name, null, null, "test");
    assertThat(answer.code()).isEqualTo(200);
    return answer.body();
  }

  private static String version(String json) {
    return String.valueOf(MockWatches.version(json.startsWith("{\"type\"")
        ? json.substring(json.indexOf("\"object\":") + 9, json.length() - 1) : json));
  }

  private static WebSocket.Listener collector(List<String> texts) {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          texts.add(partial.toString());
          partial.setLength(0);
        }
        socket.request(1);
        return null;
      }
    };
  }
}
