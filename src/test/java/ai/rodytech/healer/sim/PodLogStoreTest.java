package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodLogStoreTest {

  @ParameterizedTest(name = "{0}: tail={2} limit={3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "whole log                     | a\\nb\\nc\\n | -  | -  | a\\nb\\nc\\n",
        "last two lines                | a\\nb\\nc\\n | 2  | -  | b\\nc\\n",
        "more lines than the log has   | a\\nb\\nc\\n | 10 | -  | a\\nb\\nc\\n",
        "an unterminated last line     | a\\nb\\nc    | 1  | -  | c",
        "no lines                      | a\\nb\\nc\\n | 0  | -  | ''",
        "first bytes of the whole log  | a\\nb\\nc\\n | -  | 3  | a\\nb",
        "first bytes of the tail       | a\\nb\\nc\\n | 2  | 3  | b\\nc",
        "a limit beyond the tail       | a\\nb\\nc\\n | 1  | 50 | c\\n",
        "an empty log                  | ''         | 5  | 5  | ''",
      })
  void selectTakesTheTailThenItsFirstBytes(
      String why, String log, Long tailLines, Long limitBytes, String expected) {
    byte[] selected = PodLogStore.select(log.replace("\\n", "\n"), tailLines, limitBytes);

    assertThat(new String(selected, StandardCharsets.UTF_8)).as(why).isEqualTo(expected.replace("\\n", "\n"));
  }

  @org.junit.jupiter.api.Test
  void limitBytesCountsBytesNotCharacters() {
    byte[] selected = PodLogStore.select("✓ passed\n", null, 3L);

    assertThat(selected).isEqualTo("✓".getBytes(StandardCharsets.UTF_8));
  }

  @org.junit.jupiter.api.Test
  void logsAreKeptPerContainerAndDroppedPerPod() {
    PodLogStore store = new PodLogStore();
    store.put("ci", "build-1-abcde", "build", "compiling\n");
    store.append("ci", "build-1-abcde", "build", "done\n");
    store.put("ci", "build-1-abcde", "fetch", "cloned\n");

    assertThat(store.get("ci", "build-1-abcde", "build")).contains("compiling\ndone\n");
    assertThat(store.get("ci", "build-1-abcde", "sidecar")).isEmpty();
    store.removePod("ci", "build-1-abcde");
    assertThat(store.size()).isZero();
  }

  @org.junit.jupiter.api.Test
  void aRestartKeepsThePreviousInstancesLog() {
    PodLogStore store = new PodLogStore();
    store.put("ci", "build-1-abcde", "build", "first\n");
    assertThat(store.previous("ci", "build-1-abcde", "build")).isEmpty();

    store.restart("ci", "build-1-abcde", "build", "second\n");
    store.restart("ci", "build-1-abcde", "build", "third\n");

    assertThat(store.get("ci", "build-1-abcde", "build")).contains("third\n");
    assertThat(store.previous("ci", "build-1-abcde", "build")).contains("second\n");
    store.removePod("ci", "build-1-abcde");
    assertThat(store.size()).isZero();
  }
}
