package ai.rodytech.healer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The entry point the operator uses: semantic checks on a typed policy, as read from the cluster. */
class PolicyValidatorTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void theArticlesPolicyHasNoProblems() {
    assertThat(PolicyValidator.validate(seed())).isEmpty();
  }

  @Test
  void aPolicyWithoutSpec() {
    PipelineRecoveryPolicy policy = seed();
    policy.setSpec(null);

    assertThat(PolicyValidator.validate(policy)).containsExactly(new FieldProblem("spec", "required"));
  }

  @Test
  void aStrategyTheClientCouldNotReadIsUnknown() {
    PipelineRecoveryPolicy policy = seed();
    policy.getSpec().setAllowedStrategies(Arrays.asList(HealingStrategy.RETRY_STAGE, null));

    assertThat(PolicyValidator.validate(policy))
        .containsExactly(
            new FieldProblem(
                "spec.allowedStrategies[1]",
                "unknown strategy; allowed: retry_stage, increase_memory, patch_dependency_version"));
  }

  @Test
  void alertChannelsNeedTheSecretThatHoldsTheirAddresses() {
    PipelineRecoveryPolicy policy = seed();
    AlertSettings alerts = new AlertSettings();
    alerts.setChannels(List.of(AlertSettings.Channel.SLACK));
    policy.getSpec().setAlerts(alerts);

    assertThat(PolicyValidator.validate(policy))
        .containsExactly(new FieldProblem("spec.alerts.secretName", "required when channels are given"));
  }

  @Test
  void everyProblemIsReportedNotJustTheFirst() {
    PipelineRecoveryPolicy policy = seed();
    policy.getSpec().setTargetPipeline(" ");
    policy.getSpec().setFailureThreshold(0);
    policy.getSpec().getSafetyChecks().setMaxRetries(-1);
    policy.getSpec().setVersionPins(List.of("1ST_PIN"));

    assertThat(PolicyValidator.validate(policy))
        .extracting(FieldProblem::field)
        .containsExactly(
            "spec.targetPipeline", "spec.failureThreshold", "spec.safetyChecks.maxRetries", "spec.versionPins[0]");
  }

  @Test
  void aProblemPrintsAsFieldColonMessage() {
    assertThat(new FieldProblem("spec.failureThreshold", "must be >= 1")).hasToString("spec.failureThreshold: must be >= 1");
  }

  /**
   * The structure check of `healer validate` leaves value ranges to PolicyValidator, and the operator only
   * has PolicyValidator: so every minimum, maximum, maxLength and pattern of the CRD schema must be enforced
   * here too. A new bound in the schema without a check here fails this test.
   */
  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("schemaBounds")
  void everyBoundOfTheSchemaIsCheckedHere(String path, JsonNode badValue, String expectedMessage) {
    ObjectNode tree = YAML.valueToTree(seed());
    set(tree, path, badValue);
    PipelineRecoveryPolicy policy = SERIALIZATION.convertValue(tree, PipelineRecoveryPolicy.class);

    List<FieldProblem> problems = PolicyValidator.validate(policy);

    assertThat(problems).extracting(FieldProblem::field).contains(path);
    if (expectedMessage != null) {
      assertThat(problems).contains(new FieldProblem(path, expectedMessage));
    }
  }

  static Stream<Arguments> schemaBounds() {
    List<Arguments> cases = new ArrayList<>();
    collectBounds(PolicySchema.spec(), "spec", cases);
    assertThat(cases).as("bounds found in the schema").hasSizeGreaterThanOrEqualTo(6);
    return cases.stream();
  }

  private static void collectBounds(JsonNode schema, String path, List<Arguments> cases) {
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      String child = path + "." + property.getKey();
      JsonNode field = property.getValue();
      if (field.has("minimum")) {
        int min = field.get("minimum").asInt();
        cases.add(Arguments.of(child, YAML.getNodeFactory().numberNode(min - 1), "must be >= " + min));
      }
      if (field.has("maximum")) {
        int max = field.get("maximum").asInt();
        cases.add(Arguments.of(child, YAML.getNodeFactory().numberNode(max + 1), "must be <= " + max));
      }
      if (field.has("maxLength")) {
        cases.add(Arguments.of(child, YAML.getNodeFactory().textNode("a".repeat(field.get("maxLength").asInt() + 1)), null));
      }
      if (field.has("minLength")) {
        cases.add(Arguments.of(child, YAML.getNodeFactory().textNode(""), null));
      }
      if (field.has("pattern")) {
        cases.add(Arguments.of(child, YAML.getNodeFactory().textNode("not valid!"), null));
      }
      collectBounds(field, child, cases);
    }
  }

  private static void set(ObjectNode tree, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
  }

  private static PipelineRecoveryPolicy seed() {
    try (InputStream in =
        Objects.requireNonNull(PolicyValidatorTest.class.getClassLoader().getResourceAsStream("policies/seed.yaml"))) {
      return SERIALIZATION.unmarshal(in, PipelineRecoveryPolicy.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
