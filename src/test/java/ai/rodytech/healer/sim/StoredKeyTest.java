package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key an object is stored under, made from the admitted tree instead of the mock's reading of the text: the
 * same attributes (group, version, plural, namespace, name, labels) for every shape the cluster stores.
 */
class StoredKeyTest {
  private final KubernetesAttributesExtractor extractor = new KubernetesAttributesExtractor();

  @ParameterizedTest
  @ValueSource(strings = {
      // a Job with labels, fields before metadata and after it
      "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"build-1\",\"namespace\":\"ci\","
          + "\"labels\":{\"app\":\"build\",\"rodytech.ai/pipeline\":\"build\",\"n\":\"7\"}},\"spec\":{}}",
      // a pod without labels
      "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"namespace\":\"ci\",\"name\":\"build-1-x2x4b\"}}",
      // cluster-scoped, empty labels
      "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ci\",\"labels\":{}}}",
      // a Tekton run (no Java model in the mock)
      "{\"apiVersion\":\"tekton.dev/v1\",\"kind\":\"PipelineRun\",\"metadata\":{\"name\":\"r\",\"namespace\":\"t\","
          + "\"labels\":{\"tekton.dev/pipeline\":\"p\"}},\"status\":{\"conditions\":[]}}",
      // no name (the mock keys it without one), a label whose value is not text
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"namespace\":\"ci\",\"labels\":{\"n\":1}}}"})
  void theKeyFromTheTreeIsTheKeyTheMockReadsFromTheText(String json) {
    assertThat(extractor.extract(SimulatedApiDispatcher.keyFields(JsonBodies.tree(json))))
        .isEqualTo(extractor.fromResource(json));
  }

  @Test
  void aTreeWithoutMetadataIsLeftToTheMocksReading() {
    assertThat(SimulatedApiDispatcher.keyFields(JsonBodies.tree("{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}"))).isNull();
    assertThat(SimulatedApiDispatcher.keyFields(JsonBodies.tree("[1]"))).isNull();
    assertThat(SimulatedApiDispatcher.keyFields(null)).isNull();
  }
}
