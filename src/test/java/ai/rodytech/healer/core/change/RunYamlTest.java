package ai.rodytech.healer.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RunYamlTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void keysAreWrittenSortedAtEveryDepthWhateverOrderTheTreeHolds() throws Exception {
    ObjectNode one = (ObjectNode) JSON.readTree(
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"b\",\"image\":\"x\",\"env\":[{\"value\":\"1\","
            + "\"name\":\"Z\"}]}]}}},\"metadata\":{\"name\":\"r\",\"labels\":{\"z\":\"1\",\"a\":\"2\"}},\"kind\":\"Job\"}");
    ObjectNode other = (ObjectNode) JSON.readTree(
        "{\"kind\":\"Job\",\"metadata\":{\"labels\":{\"a\":\"2\",\"z\":\"1\"},\"name\":\"r\"},\"spec\":{\"template\":"
            + "{\"spec\":{\"containers\":[{\"env\":[{\"name\":\"Z\",\"value\":\"1\"}],\"image\":\"x\",\"name\":\"b\"}]}}}}");

    assertThat(RunYaml.lines(one)).isEqualTo(RunYaml.lines(other)).containsExactly(
        "kind: Job",
        "metadata:",
        "  labels:",
        "    a: \"2\"",
        "    z: \"1\"",
        "  name: r",
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        "      - env:",
        "        - name: Z",
        "          value: \"1\"",
        "        image: x",
        "        name: b");
    assertThat(one.fieldNames().next()).as("the tree itself is not reordered").isEqualTo("spec");
  }
}
