package ai.rodytech.healer.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's results: one row per scenario, and how long the whole took on how many cores.
 *
 * @param scenarios each scenario's result, in the order played
 * @param seconds wall-clock time of the whole demo, start-up included
 * @param cores processors available to the JVM
 * @param operatorStartupMillis how long the operator took to start and sync its caches
 */
public record DemoReport(List<ScenarioResult> scenarios, double seconds, int cores, long operatorStartupMillis) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int[] WIDTHS = {17, 40, 40, 14, 6};

  public boolean passed() {
    return !scenarios.isEmpty() && scenarios.stream().allMatch(ScenarioResult::passed);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a demo report is plain data", e);
    }
  }

  /** The summary table, then the verdict. */
  public void printTable(PrintStream out) {
    out.println();
    row(out, "SCENARIO", "EXPECTED", "GOT", "TIME TO HEAL", "");
    for (ScenarioResult r : scenarios) {
      String got = r.error() == null ? r.got() : r.got() + " (" + r.error() + ")";
      row(out, r.scenario(), r.expected(), got, seconds(r.timeToHealMillis()), r.passed() ? "ok" : "FAILED");
    }
    long passed = scenarios.stream().filter(ScenarioResult::passed).count();
    out.printf(Locale.ROOT, "%n%d of %d scenarios did what they should, in %.1f s on %d cores (operator start-up %.1f s).%n",
        passed, scenarios.size(), seconds, cores, operatorStartupMillis / 1000.0);
    out.println("Time to heal: from the failure the healer acted on to its corrective run succeeding (the simulated"
        + " build takes 0.4 s of it, and for a Job the job controller's 1 s sync batch; the approval scenario"
        + " includes the person's "
        + ScenarioDriver.APPROVAL_DELAY.toSeconds() + " s).");
  }

  /** One table row; long cells wrap within their column. */
  private void row(PrintStream out, String... cells) {
    int[] widths = WIDTHS.clone();
    // A scenario's name does not wrap: the first column is as wide as the longest one needs.
    widths[0] = Math.max(widths[0], scenarios.stream().mapToInt(r -> r.scenario().length() + 2).max().orElse(0));
    List<List<String>> wrapped = new ArrayList<>();
    int height = 1;
    for (int i = 0; i < cells.length; i++) {
      List<String> lines = cells[i].isEmpty() ? List.of("") : Timeline.wrap(cells[i], widths[i] - 2);
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    for (int line = 0; line < height; line++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        String cell = line < wrapped.get(i).size() ? wrapped.get(i).get(line) : "";
        text.append(i == 3 ? String.format("%" + (widths[i] - 2) + "s  ", cell) : String.format("%-" + widths[i] + "s", cell));
      }
      out.println(text.toString().stripTrailing());
    }
  }

  private static String seconds(Long millis) {
    return millis == null ? "-" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
  }
}
