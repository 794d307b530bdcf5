package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/install.md carries the chart's values as a table generated from values.yaml. */
class HelmValuesTableTest {
  static final Path DOC = Path.of("docs", "install.md");
  static final String BEGIN = "<!-- values table: generated from deploy/helm/pipeline-healer/values.yaml -->\n";
  static final String END = "<!-- end of values table -->\n";

  @Test
  void everyValueIsDescribed() throws IOException {
    String values = values();
    List<String> documented = ValuesTable.rows(values).stream().map(ValuesTable.Row::key).toList();

    assertThat(ValuesTable.leaves(values))
        .as("keys of values.yaml without a '# --' comment on them or on a map above them")
        .allSatisfy(leaf -> assertThat(documented).anySatisfy(key -> assertThat(leaf.equals(key) || leaf.startsWith(key + ".")).isTrue()));
    assertThat(ValuesTable.rows(values)).allSatisfy(row -> assertThat(row.description()).isNotBlank());
  }

  @Test
  void theDocsTableIsGeneratedFromValuesYaml() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin).as("docs/install.md has the line %s", BEGIN.trim()).isNotNegative();
    assertThat(end).as("docs/install.md has the line %s", END.trim()).isGreaterThan(begin);

    String regenerated =
        doc.substring(0, begin + BEGIN.length()) + ValuesTable.markdown(ValuesTable.rows(values())) + doc.substring(end);
    CommittedFile.assertUpToDate(DOC, regenerated);
  }

  /** The parser itself: a row per documented key, nested paths, multi-line comments, maps as one row. */
  @Test
  void readsHelmDocsComments() {
    String yaml =
        """
        # -- Replicas.
        replicas: 2
        image:
          # -- Repository,
          # continued.
          repository: r
          # A comment that is not a description.
          tag: ""
        # -- Resources.
        resources:
          limits:
            memory: 1Mi
        """;

    assertThat(ValuesTable.rows(yaml))
        .containsExactly(
            new ValuesTable.Row("replicas", "2", "Replicas."),
            new ValuesTable.Row("image.repository", "\"r\"", "Repository, continued."),
            new ValuesTable.Row("resources", "{\"limits\":{\"memory\":\"1Mi\"}}", "Resources."));
    assertThat(ValuesTable.leaves(yaml)).containsExactly("replicas", "image.repository", "image.tag", "resources.limits.memory");
  }

  private static String values() throws IOException {
    return Files.readString(HelmChart.DIR.resolve("values.yaml"), StandardCharsets.UTF_8);
  }
}
