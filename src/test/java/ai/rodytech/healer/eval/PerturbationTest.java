package ai.rodytech.healer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.rules.LogLine;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PerturbationTest {
  static final String LOG = IntStream.rangeClosed(1, 100)
      .mapToObj(i -> i == 90 ? "[ERROR] Foo.java:[3,4] cannot find symbol" : "[INFO] step " + i)
      .reduce("", (a, b) -> a + b + "\n");

  @Test
  void formatChangesBytesButNotWhatAPersonReads() {
    String changed = Perturbation.FORMAT.apply(LOG, "case-a");

    assertThat(changed).isEqualTo(Perturbation.FORMAT.apply(LOG, "case-a"));
    List<String> raw = List.of(changed.split("\n"));
    assertThat(raw).allMatch(l -> l.endsWith("\r"));
    assertThat(raw).allMatch(l -> l.matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z .*"));
    assertThat(changed).contains("\u001b[1;31m[ERROR] Foo.java:[3,4] cannot find symbol\u001b[0m\r\n");
    List<String> read = raw.stream().map(l -> LogLine.of(1, l).text()).filter(t -> !t.startsWith("Downloading"))
        .toList();
    assertThat(read).isEqualTo(List.of(LOG.split("\n")));
    assertThat(changed).contains("Downloading   3%\rDownloading  61%\rDownloading 100%\r\n");
  }

  @Test
  void hiccupInsertsARecoveredBlipAFifthIntoTheLog() {
    String changed = Perturbation.HICCUP.apply(LOG, "case-b");

    List<String> lines = List.of(changed.split("\n", -1));
    assertThat(lines.get(19)).isEqualTo("[INFO] step 20");
    assertThat(lines.get(20)).isNotEqualTo("[INFO] step 21");
    assertThat(lines).contains("[INFO] step 21", "[INFO] step 100");
    assertThat(lines.size()).isGreaterThan(101);
    assertThat(changed).isEqualTo(Perturbation.HICCUP.apply(LOG, "case-b"));
  }

  @Test
  void namesAreTheWireNames() {
    assertThat(Perturbation.fromWireName(" Hiccup")).isEqualTo(Perturbation.HICCUP);
    assertThatThrownBy(() -> Perturbation.fromWireName("shuffle")).hasMessageContaining("known: format, hiccup");
  }
}
