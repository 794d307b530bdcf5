package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/crds and the Helm chart's crds/ hold exactly the CRDs the api classes generate (with the fixes of
 * {@link Crds}).
 */
class CrdSyncTest {

  static Stream<Crds.Source> sources() {
    return Crds.SOURCES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void committedCrdMatchesTheGeneratedOne(Crds.Source source) throws IOException {
    CommittedFile.assertUpToDate(Path.of("deploy", "crds", source.fileName()), Crds.yaml(Crds.load(source)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theChartInstallsTheSameCrd(Crds.Source source) throws IOException {
    Path chartCrd = HelmChart.DIR.resolve("crds").resolve(source.fileName());
    CommittedFile.assertUpToDate(chartCrd, Crds.yaml(Crds.load(source)));
  }

  /** The fixes only reorder columns and add the root description; everything else is the generator's. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theFixesChangeNothingElse(Crds.Source source) {
    CustomResourceDefinition generated = Crds.generated(source);
    CustomResourceDefinition installed = Crds.load(source);

    installed.getSpec().getVersions().forEach(version -> {
      version.getSchema().getOpenAPIV3Schema().setDescription(null);
      version.getAdditionalPrinterColumns().sort(Comparator.comparing(CustomResourceColumnDefinition::getJsonPath, String.CASE_INSENSITIVE_ORDER));
    });

    assertThat(installed).isEqualTo(generated);
  }
}
