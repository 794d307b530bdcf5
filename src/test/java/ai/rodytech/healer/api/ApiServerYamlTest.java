package ai.rodytech.healer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** YAML read as the API server reads it (sigs.k8s.io/yaml, go-yaml v2): one document in, its JSON out. */
class ApiServerYamlTest {

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("YAML 1.1 booleans", "a: yes\nb: off\nc: On\nd: \"yes\"", "{\"a\":true,\"b\":false,\"c\":true,\"d\":\"yes\"}"),
        Arguments.of("nulls", "a: ~\nb:\nc: Null", "{\"a\":null,\"b\":null,\"c\":null}"),
        Arguments.of("Go integers", "a: 010\nb: 0x1F\nc: 0b101\nd: 1_000\ne: -0o17\nf: '010'",
            "{\"a\":8,\"b\":31,\"c\":5,\"d\":1000,\"e\":-15,\"f\":\"010\"}"),
        Arguments.of("floats, whole ones as integers", "a: 2.5\nb: 2.0\nc: 1e3\nd: .5\ne: 08",
            "{\"a\":2.5,\"b\":2,\"c\":1000,\"d\":0.5,\"e\":8}"),
        Arguments.of("above int64", "a: 18446744073709551615\nb: 18446744073709551616",
            "{\"a\":18446744073709551615,\"b\":1.8446744073709552E19}"),
        Arguments.of("strings that look typed", "a: 1.2.3\nb: 2024-05-14\nc: 12:30\nd: 0x", "{\"a\":\"1.2.3\",\"b\":\"2024-05-14\",\"c\":\"12:30\",\"d\":\"0x\"}"),
        Arguments.of("aliases are the anchored value", "a: &x enforce\nb: *x\nc: &l [1, 2]\nd: *l",
            "{\"a\":\"enforce\",\"b\":\"enforce\",\"c\":[1,2],\"d\":[1,2]}"),
        Arguments.of("merge keys", "base: &b {p: 1, q: 2}\nm:\n  <<: *b\n  r: 3", "{\"base\":{\"p\":1,\"q\":2},\"m\":{\"p\":1,\"q\":2,\"r\":3}}"),
        // go-yaml v2 types keys too: "y: 2" is {"true": 2} in the cluster.
        Arguments.of("keys typed then written as text", "y: 2\n1: a\n~: b", "{\"true\":2,\"1\":\"a\",\"null\":\"b\"}"),
        Arguments.of("explicit tags", "a: !!str 010\nb: !!int \"7\"\nc: !custom text", "{\"a\":\"010\",\"b\":7,\"c\":\"text\"}"),
        Arguments.of("JSON", "{\"spec\": {\"maxRetries\": 3, \"mode\": \"enforce\"}}", "{\"spec\":{\"maxRetries\":3,\"mode\":\"enforce\"}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void readsAsTheApiServerDoes(String name, String yaml, String json) {
    assertThat(only(yaml).toString()).isEqualTo(json);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("a key twice", "spec:\n  mode: shadow\n  mode: enforce", "spec.mode",
            "set twice (lines 2 and 3); the API server refuses a duplicate key"),
        Arguments.of("two keys that both mean true", "on: 1\ny: 2", "true",
            "set twice (lines 1 and 2); the API server refuses a duplicate key"),
        Arguments.of("a key twice in JSON", "{\"a\": 1, \"a\": 2}", "a", "set twice (lines 1 and 1); the API server refuses a duplicate key"),
        Arguments.of("a merged key set again", "base: &b {mode: shadow}\nspec:\n  <<: *b\n  mode: enforce", "spec.mode",
            "set twice (lines 3 and 4); the API server refuses a duplicate key"),
        Arguments.of("a value containing itself", "a: &a [1, *a]", "a[1]", "anchor 'a' value contains itself"),
        Arguments.of("infinity", "a: .inf", "a", "\".inf\" cannot be written as JSON; the API server refuses it"),
        Arguments.of("a list as a key", "? [a, b]\n: 1", "document", "a mapping key must be a scalar"),
        Arguments.of("a bad explicit integer", "a: !!int seven", "a", "cannot decode \"seven\" as tag:yaml.org,2002:int"),
        Arguments.of("merging a scalar", "a:\n  <<: 1", "a", "map merge requires a mapping or a list of mappings"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWhatTheApiServerRefuses(String name, String yaml, String path, String message) {
    assertThatThrownBy(() -> only(yaml))
        .isInstanceOfSatisfying(ApiServerYaml.YamlProblem.class, problem -> {
          assertThat(problem.path()).isEqualTo(path);
          assertThat(problem.getMessage()).isEqualTo(message);
        });
  }

  private static JsonNode only(String yaml) {
    Iterator<JsonNode> documents = ApiServerYaml.documents(yaml);
    JsonNode node = documents.next();
    assertThat(documents.hasNext()).isFalse();
    return node;
  }
}
