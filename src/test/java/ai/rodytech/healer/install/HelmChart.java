package ai.rodytech.healer.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under deploy/helm, rendered by Helm's own code (helm-java: the Go library through JNA, no helm
 * binary and no cluster), as `helm template` would.
 */
public final class HelmChart {
  public static final Path DIR = Path.of("deploy", "helm", "pipeline-healer");
  public static final String RELEASE = "pipeline-healer";
  /** A Kubernetes version the chart supports (its kubeVersion says >=1.25); helm-java assumes 1.20 otherwise. */
  static final String KUBE_VERSION = "1.30.0";

  private HelmChart() {}

  /**
   * The rendered templates, as `helm template` prints them (without crds/), with `--set` values: `a.b=c`,
   * `list[0]=x`, `l[0].k=v` (helm-java escapes commas, so no `{x,y}`).
   */
  public static String template(String namespace, Map<String, String> values) {
    TemplateCommand template =
        new Helm(DIR).template().withName(RELEASE).withNamespace(namespace).withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return template.call();
  }

  /**
   * What `helm install` applies: the CRDs of crds/ (which `helm template` leaves out, and Helm never upgrades
   * or deletes), then the rendered templates.
   */
  public static List<JsonNode> render(String namespace, Map<String, String> values) {
    List<JsonNode> docs = new ArrayList<>(crds());
    docs.addAll(YamlDocs.parse(template(namespace, values)));
    return docs;
  }

  static List<JsonNode> crds() {
    try (Stream<Path> files = Files.list(DIR.resolve("crds"))) {
      List<JsonNode> crds = new ArrayList<>();
      for (Path file : files.sorted().toList()) {
        crds.addAll(YamlDocs.parse(Files.readString(file, StandardCharsets.UTF_8)));
      }
      return crds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LintResult lint() {
    return new Helm(DIR).lint().strict().call();
  }
}
