package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/policy.md documents every field of the policy CRD: a new field without docs fails here. */
class PolicyDocTest {

  @Test
  void everySpecAndStatusFieldIsDocumented() throws IOException {
    String doc = Files.readString(Path.of("docs", "policy.md"), StandardCharsets.UTF_8);
    JSONSchemaProps root = Crds.load(Crds.SOURCES.get(0)).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    List<String> fields = new ArrayList<>();
    collect(root.getProperties().get("spec"), "spec", Integer.MAX_VALUE, fields);
    // Status is documented to its top-level fields; their parts are listed in words.
    collect(root.getProperties().get("status"), "status", 1, fields);

    assertThat(fields).hasSizeGreaterThan(20);
    assertThat(fields).allSatisfy(field -> assertThat(doc).contains("`" + field + "`"));
  }

  private static void collect(JSONSchemaProps schema, String path, int depth, List<String> out) {
    if (schema.getProperties() == null || depth == 0) {
      return;
    }
    schema.getProperties().forEach((name, property) -> {
      out.add(path + "." + name);
      collect(property, path + "." + name, depth - 1, out);
    });
  }
}
