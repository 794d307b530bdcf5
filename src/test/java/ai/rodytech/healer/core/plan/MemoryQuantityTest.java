package ai.rodytech.healer.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kubernetes' quantity grammar, as the parser and the policy CRD's schema both apply it (issue 16, point 7). */
class MemoryQuantityTest {

  @ParameterizedTest(name = "{0} = {1} bytes")
  @CsvSource({
    "512Mi, 536870912",
    "1Gi, 1073741824",
    "1.5Gi, 1610612736",
    "2Pi, 2251799813685248",
    "1Ei, 1152921504606846976",
    "128974848, 128974848",
    "129e6, 129000000",
    "129E6, 129000000",
    "1e+3, 1000",
    "123k, 123000",
    "129M, 129000000",
    "1G, 1000000000",
    "2P, 2000000000000000",
    "1E, 1000000000000000000",
    "1., 1",
    ".5Ki, 512",
    "+1Mi, 1048576",
    "1500m, 2",
    "1e-3, 1",
  })
  void readsWhatTheApiServerAccepts(String quantity, long bytes) {
    assertThat(MemoryQuantity.isValid(quantity)).isTrue();
    assertThat(Pattern.matches(MemoryQuantity.PATTERN, quantity)).isTrue();
    assertThat(MemoryQuantity.parseBytes(quantity)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1K", "1KB", "1mi", "1gi", "-1Gi", "1 Gi", "Gi", ".", "1e", "1e1.5", "1Ki2", "0x10", ""})
  void refusesWhatTheApiServerRefuses(String quantity) {
    assertThat(MemoryQuantity.isValid(quantity)).isFalse();
    assertThat(Pattern.matches(MemoryQuantity.PATTERN, quantity)).isFalse();
    assertThatThrownBy(() -> MemoryQuantity.parseBytes(quantity)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesWhatDoesNotFitInALong() {
    assertThatThrownBy(() -> MemoryQuantity.parseBytes("16Ei")).hasMessageContaining("too large");
    assertThatThrownBy(() -> MemoryQuantity.parseBytes("1e400")).hasMessageContaining("too large");
  }

  @Test
  void thePolicyCrdAppliesTheSameGrammar() throws IOException {
    try (InputStream in = MemoryQuantityTest.class.getResourceAsStream(
        "/META-INF/fabric8/pipelinerecoverypolicies.rodytech.ai-v1.yml")) {
      JsonNode memory = new ObjectMapper(new YAMLFactory()).readTree(in).path("spec").path("versions").get(0)
          .path("schema").path("openAPIV3Schema").path("properties").path("spec").path("properties").path("memory")
          .path("properties");
      assertThat(memory.path("ceiling").path("pattern").asText()).isEqualTo(MemoryQuantity.PATTERN);
      assertThat(memory.path("initialLimit").path("pattern").asText()).isEqualTo(MemoryQuantity.PATTERN);
    }
  }
}
