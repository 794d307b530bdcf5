package ai.rodytech.healer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureCatalogTest {

  /** A valid user file; each invalid case below changes one thing in it. */
  static final String VALID = """
      signatures:
        - name: vault-sealed
          category: transient_infra
          explanation: The secrets store was sealed for a moment
          weight: 0.8
          reach: 100
          patterns:
            - 'Vault is sealed'
      failingTests:
        - name: bats-not-ok
          pattern: '^not ok \\d+ (?<test>.+)$'
      """;

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        Arguments.of("bad regex", VALID.replace("'Vault is sealed'", "'Vault is (sealed'"),
            "signature 'vault-sealed' has an invalid pattern Vault is (sealed"),
        Arguments.of("unknown category", VALID.replace("transient_infra", "network"),
            "signature 'vault-sealed' has category 'network', which is not one of transient_infra, oom"),
        Arguments.of("no patterns", VALID.replace("""
                patterns:
                  - 'Vault is sealed'
            """, ""),
            "signature 'vault-sealed' has no patterns"),
        Arguments.of("no explanation", VALID.replace("explanation: The secrets store was sealed for a moment", ""),
            "signature 'vault-sealed' has no explanation"),
        Arguments.of("no name", VALID.replace("name: vault-sealed", "name: ''"),
            "an entry in signatures has no name"),
        Arguments.of("weight above 1", VALID.replace("weight: 0.8", "weight: 1.5"),
            "signature 'vault-sealed' has weight 1.5; it must be above 0 and at most 1"),
        Arguments.of("reach below 1", VALID.replace("reach: 100", "reach: 0"),
            "signature 'vault-sealed' has reach 0; it must be at least 1 line"),
        Arguments.of("misspelt field", VALID.replace("patterns:", "patern:"),
            "not a valid signature file: Unrecognized field \"patern\""),
        Arguments.of("explains an unknown name", VALID.replace("reach: 100", "reach: 100\n    explains: [no-such-thing]"),
            "signature 'vault-sealed' explains 'no-such-thing', which is neither a category nor a signature name"),
        Arguments.of("test pattern without a test group", VALID.replace("(?<test>.+)", "(.+)"),
            "failingTests pattern 'bats-not-ok' has no named group (?<test>...)"),
        Arguments.of("name of a built-in signature", VALID.replace("name: vault-sealed", "name: no-space-left"),
            "the name 'no-space-left' is already used (in signatures.yaml)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void rejectsInvalidFileNamingTheCulprit(String mutation, String yaml, String message, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("custom.yaml"), yaml);

    assertThatThrownBy(() -> SignatureCatalog.load(List.of(file)))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(message);
  }

  @Test
  void builtInCatalogLoadsWithEveryCategoryCovered() {
    SignatureCatalog catalog = SignatureCatalog.builtIn();

    assertThat(catalog.signatures()).extracting(Signature::category)
        .containsAll(Arrays.asList(Category.values()));
    assertThat(catalog.stepEnds()).isNotEmpty();
    assertThat(catalog.failingTests()).isNotEmpty();
  }

  @Test
  void userFileIsAppendedAndUsedByTheBrain(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("custom.yaml"), VALID);
    SignatureCatalog catalog = SignatureCatalog.load(List.of(file));
    RulesBrain brain = new RulesBrain(catalog, Redactor.none());

    Diagnosis diagnosis = brain.diagnose(FailureSnapshot.ofLog(
        LogTail.of("fetching deploy token\nError: Vault is sealed\n"), 1, null), BrainContext.permissive());

    assertThat(catalog.signatures().get(catalog.signatures().size() - 1).name()).isEqualTo("vault-sealed");
    assertThat(diagnosis.category()).isEqualTo(Category.TRANSIENT_INFRA);
    assertThat(diagnosis.action()).isEqualTo(Action.RETRY_STAGE);
    assertThat(diagnosis.summary()).startsWith("The secrets store was sealed for a moment (line 2)");
  }

  @Test
  void configMapDirectoryIsReadInNameOrderSkippingHiddenAndOtherFiles(@TempDir Path dir) throws Exception {
    // A mounted ConfigMap: the keys are links into a hidden ..data directory, which must not be read twice.
    Path data = Files.createDirectories(dir.resolve("..2024_05_14_10_00_00.123"));
    Files.writeString(data.resolve("b-more.yml"), VALID.replace("vault-sealed", "vault-sealed-b"));
    Files.writeString(data.resolve("a-first.yaml"), VALID.replace("vault-sealed", "vault-sealed-a")
        .replace("bats-not-ok", "bats-not-ok-a"));
    Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
    Files.createSymbolicLink(dir.resolve("b-more.yml"), Path.of("..data/b-more.yml"));
    Files.createSymbolicLink(dir.resolve("a-first.yaml"), Path.of("..data/a-first.yaml"));
    Files.writeString(dir.resolve("README.txt"), "not a signature file");

    SignatureCatalog catalog = SignatureCatalog.load(List.of(dir));

    List<String> names = catalog.signatures().stream().map(Signature::name).toList();
    assertThat(names.subList(names.size() - 2, names.size())).containsExactly("vault-sealed-a", "vault-sealed-b");
  }

  @Test
  void missingPathFailsFast(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> SignatureCatalog.load(List.of(missing)))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessage("signature file " + missing + " does not exist");
  }

  @Test
  void emptyUserFileAddsNothing(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("empty.yaml"), "");

    assertThat(SignatureCatalog.load(List.of(file)).signatures())
        .hasSameSizeAs(SignatureCatalog.builtIn().signatures());
  }
}
