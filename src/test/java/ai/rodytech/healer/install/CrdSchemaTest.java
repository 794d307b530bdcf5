package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The installed CRDs teach the resources through kubectl explain and behave as the operator expects. */
class CrdSchemaTest {

  static Stream<Crds.Source> sources() {
    return Crds.SOURCES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void everyFieldHasADescription(Crds.Source source) {
    List<String> undescribed = new ArrayList<>();
    JSONSchemaProps root = version(Crds.load(source)).getSchema().getOpenAPIV3Schema();
    if (root.getDescription() == null) {
      undescribed.add("(root)");
    }
    collectUndescribed(root, "", undescribed);

    assertThat(undescribed).as("fields without a description").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void statusIsASubresource(Crds.Source source) {
    assertThat(version(Crds.load(source)).getSubresources().getStatus()).isNotNull();
  }

  @Test
  void policyColumnsTellTheStory() {
    assertThat(columns(PipelineRecoveryPolicy.class))
        .containsExactly("Pipeline", "Mode", "Ready", "Heals", "Pages", "Last Incident", "Age");
  }

  @Test
  void incidentColumnsTellTheStory() {
    assertThat(columns(PipelineIncident.class))
        .containsExactly("Pipeline", "Run", "Category", "Strategy", "Outcome", "Age");
  }

  /** A column whose path names no field shows an empty cell forever, and kubectl says nothing. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void everyColumnReadsAFieldOfTheSchema(Crds.Source source) {
    CustomResourceDefinitionVersion version = version(Crds.load(source));
    JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();

    assertThat(version.getAdditionalPrinterColumns())
        .filteredOn(column -> !column.getJsonPath().startsWith(".metadata."))
        .allSatisfy(column -> assertThat(field(root, column.getJsonPath())).as(column.getJsonPath()).isNotNull());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void bothKindsAnswerToKubectlGetHealer(Crds.Source source) {
    assertThat(Crds.load(source).getSpec().getNames().getCategories()).containsExactly("healer");
  }

  @Test
  void shortNames() {
    assertThat(Crds.load(Crds.SOURCES.get(0)).getSpec().getNames().getShortNames()).containsExactly("prp");
    assertThat(Crds.load(Crds.SOURCES.get(1)).getSpec().getNames().getShortNames()).contains("pinc");
  }

  @Test
  void theArticlesFieldsHaveDefaultsMinimumsAndEnums() {
    JSONSchemaProps spec = version(Crds.load(Crds.SOURCES.get(0))).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    Map<String, JSONSchemaProps> fields = spec.getProperties();
    JSONSchemaProps safety = fields.get("safetyChecks");

    assertThat(spec.getRequired()).containsExactly("targetPipeline");
    assertThat(fields.get("targetPipeline").getPattern()).isNotBlank();
    assertThat(fields.get("failureThreshold").getDefault().asInt()).isEqualTo(1);
    assertThat(fields.get("failureThreshold").getMinimum()).isEqualTo(1.0);
    assertThat(fields.get("allowedStrategies").getItems().getSchema().getEnum())
        .extracting(node -> node.asText())
        .containsExactlyInAnyOrder("retry_stage", "increase_memory", "patch_dependency_version");
    assertThat(safety.getProperties().get("dryRun").getDefault().asBoolean()).isTrue();
    assertThat(safety.getProperties().get("maxRetries").getDefault().asInt()).isEqualTo(3);
    assertThat(safety.getProperties().get("maxRetries").getMinimum()).isEqualTo(0.0);
    assertThat(safety.getProperties().get("maxDiffLines").getMaximum()).isEqualTo(500.0);
    assertThat(fields.get("mode").getDefault().asText()).isEqualTo("enforce");
  }

  private static List<String> columns(Class<?> type) {
    Crds.Source source = Crds.SOURCES.stream().filter(s -> s.type() == type).findFirst().orElseThrow();
    return version(Crds.load(source)).getAdditionalPrinterColumns().stream().map(CustomResourceColumnDefinition::getName).toList();
  }

  /**
   * The schema of the field a printer column's JSONPath reads: dotted names, where a filter such as
   * {@code [?(@.type=="Ready")]} selects list items; null when a step names no field.
   */
  private static JSONSchemaProps field(JSONSchemaProps root, String jsonPath) {
    JSONSchemaProps schema = root;
    for (String step : jsonPath.substring(1).split("\\.(?![^\\[]*\\])")) {
      int filter = step.indexOf('[');
      String name = filter < 0 ? step : step.substring(0, filter);
      schema = schema.getProperties() == null ? null : schema.getProperties().get(name);
      if (schema == null) {
        return null;
      }
      if (filter >= 0) {
        schema = schema.getItems() == null ? null : schema.getItems().getSchema();
        if (schema == null) {
          return null;
        }
      }
    }
    return schema;
  }

  private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    return crd.getSpec().getVersions().get(0);
  }

  /** Properties only: list items and map values are described by the field that holds them. */
  private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> out) {
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        String child = path + "." + name;
        if (property.getDescription() == null || property.getDescription().isBlank()) {
          out.add(child);
        }
        collectUndescribed(property, child, out);
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(schema.getItems().getSchema(), path + "[]", out);
    }
    if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
      collectUndescribed(schema.getAdditionalProperties().getSchema(), path + "{}", out);
    }
  }
}
