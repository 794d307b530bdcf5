package ai.rodytech.healer.install;

import ai.rodytech.healer.api.CrdResources;
import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The CRDs as installed: the ones the build generates from the api classes, with two things the fabric8
 * 7.5.2 generator cannot do. It sorts printer columns by their jsonPath (case-insensitive), which would show
 * Age first and Target after Strategies, so the columns are put back in the order the class declares them;
 * and it ignores a description on the resource class, so the class's {@link JsonClassDescription} becomes the
 * root description that {@code kubectl explain <kind>} prints.
 */
public final class Crds {
  /** A generated CRD, the class it was generated from, and its file name under deploy/crds. */
  public record Source(String resource, Class<?> type) {
    public String fileName() {
      return resource.substring(resource.lastIndexOf('/') + 1);
    }
  }

  public static final List<Source> SOURCES =
      List.of(
          new Source(CrdResources.POLICY_CRD, PipelineRecoveryPolicy.class),
          new Source(CrdResources.INCIDENT_CRD, PipelineIncident.class),
          new Source(CrdResources.HISTORY_CRD, PipelineHistory.class));

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Crds() {}

  /** Every CRD, ready to install. */
  public static List<CustomResourceDefinition> all() {
    return SOURCES.stream().map(Crds::load).toList();
  }

  /** The CRD as the build generated it, without the fixes. */
  public static CustomResourceDefinition generated(Source source) {
    return SERIALIZATION.unmarshal(CrdResources.read(source.resource()), CustomResourceDefinition.class);
  }

  /** The CRD with its printer columns in declared order and the class description at its root. */
  public static CustomResourceDefinition load(Source source) {
    CustomResourceDefinition crd = generated(source);
    JsonClassDescription description = source.type().getAnnotation(JsonClassDescription.class);
    List<String> declared =
        Arrays.stream(source.type().getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::jsonPath)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (description != null) {
        version.getSchema().getOpenAPIV3Schema().setDescription(description.value());
      }
      List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(column -> declaredIndex(declared, column.getJsonPath())));
      version.setAdditionalPrinterColumns(columns);
    }
    return crd;
  }

  /** The YAML of a CRD as written to deploy/crds and printed by `healer manifests`. */
  public static String yaml(CustomResourceDefinition crd) {
    return SERIALIZATION.asYaml(crd);
  }

  private static int declaredIndex(List<String> declared, String jsonPath) {
    int index = declared.indexOf(jsonPath);
    return index < 0 ? declared.size() : index;
  }
}
