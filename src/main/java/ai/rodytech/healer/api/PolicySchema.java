package ai.rodytech.healer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The openAPIV3Schema of the generated PipelineRecoveryPolicy CRD, read once from the classpath. */
public final class PolicySchema {
  private static final JsonNode SPEC = load();

  private PolicySchema() {}

  /** The schema of spec. */
  public static JsonNode spec() {
    return SPEC;
  }

  /** The schema of a version of a CRD given as YAML text: spec.versions[i].schema.openAPIV3Schema. */
  public static JsonNode openApiSchema(String crdYaml, String version) {
    try {
      JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(crdYaml);
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (version.equals(v.path("name").asText())) {
          return v.path("schema").path("openAPIV3Schema");
        }
      }
      throw new IllegalStateException("the CRD has no version " + version);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the CRD is not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode load() {
    JsonNode spec =
        openApiSchema(CrdResources.read(CrdResources.POLICY_CRD), PipelineRecoveryPolicy.VERSION)
            .path("properties")
            .path("spec");
    if (!spec.isObject()) {
      throw new IllegalStateException(CrdResources.POLICY_CRD + " has no schema for spec");
    }
    return spec;
  }
}
