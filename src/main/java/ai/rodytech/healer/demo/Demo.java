package ai.rodytech.healer.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Runs scenarios against one {@link DemoWorld}, one after the other, so the timeline reads as a story. */
public final class Demo {
  private Demo() {}

  /**
   * Plays {@code scenarios} and returns how each went.
   *
   * @param timeline where the live timeline goes; null plays silently
   */
  public static DemoReport play(List<Scenario> scenarios, Pace pace, PrintStream timeline) {
    long start = System.nanoTime();
    List<ScenarioResult> results = new ArrayList<>();
    long startup;
    try (DemoWorld world = DemoWorld.start(scenarios, pace)) {
      startup = world.operatorStartup().toMillis();
      ScenarioDriver driver = new ScenarioDriver(world, pace, timeline);
      for (int i = 0; i < scenarios.size(); i++) {
        results.add(driver.play(scenarios.get(i), i + 1, scenarios.size()));
      }
    }
    return new DemoReport(results, (System.nanoTime() - start) / 1e9, Runtime.getRuntime().availableProcessors(),
        startup);
  }
}
