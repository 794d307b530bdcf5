package ai.rodytech.healer.cli;

import ai.rodytech.healer.demo.Demo;
import ai.rodytech.healer.demo.DemoReport;
import ai.rodytech.healer.demo.Pace;
import ai.rodytech.healer.demo.Scenario;
import ai.rodytech.healer.demo.Scenarios;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Watch Pipeline Healer heal a simulated cluster, in this process. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Watch Pipeline Healer heal a simulated cluster, in this process: an in-memory Kubernetes API, a simulated"
          + " kubelet that runs CI Jobs with realistic logs, and the real operator with the rules brain.",
      "Exit code 0 only when every scenario did what it should."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--scenario", paramLabel = "NAME",
      description = "Play only this scenario (repeatable). One of: ${COMPLETION-CANDIDATES}.",
      completionCandidates = ScenarioNames.class)
  List<String> only;

  @Option(names = "--format", defaultValue = "text",
      description = "text: a live timeline and a summary table; json: the results only. Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1",
      description = "Pace of the simulated builds and of the person approving: 0.25 plays four times slower,"
          + " easier to follow. Default: ${DEFAULT-VALUE}.")
  double speed;

  @Override
  public Integer call() {
    List<Scenario> scenarios = Scenarios.all();
    if (only != null) {
      List<String> known = scenarios.stream().map(Scenario::name).toList();
      List<String> unknown = only.stream().filter(n -> !known.contains(n)).toList();
      if (!unknown.isEmpty()) {
        spec.commandLine().getErr().printf("unknown scenario %s; known: %s%n", String.join(", ", unknown),
            new ScenarioNames().toString());
        return 2;
      }
      scenarios = scenarios.stream().filter(s -> only.contains(s.name())).toList();
    }
    Pace pace;
    try {
      pace = new Pace(speed);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    quietOperatorLogs();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean text = format == OutputFormat.text;
    if (text) {
      out.println("Pipeline Healer demo: an in-memory Kubernetes API, a simulated kubelet and the real operator"
          + " (rules brain), all in this process.");
    }
    DemoReport report = Demo.play(scenarios, pace, text ? out : null);
    if (text) {
      report.printTable(out);
    } else {
      out.println(report.toJson());
    }
    return report.passed() ? 0 : 1;
  }

  /**
   * The operator's informational logs, and the client's warning that the CRDs are v1alpha1, would drown the
   * timeline; HEALER_LOG_LEVEL and HEALER_FABRIC8_LOG_LEVEL still win when set.
   */
  private static void quietOperatorLogs() {
    quiet("HEALER_LOG_LEVEL", "ai.rodytech.healer", Level.WARN);
    quiet("HEALER_FABRIC8_LOG_LEVEL", "io.fabric8", Level.ERROR);
  }

  private static void quiet(String overriddenBy, String logger, Level level) {
    if (System.getenv(overriddenBy) == null && LoggerFactory.getLogger(logger) instanceof Logger configurable) {
      configurable.setLevel(level);
    }
  }

  /** The scenario names, for help and completion. */
  static final class ScenarioNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Scenarios.all().stream().map(Scenario::name).iterator();
    }

    @Override
    public String toString() {
      return Scenarios.all().stream().map(Scenario::name).collect(Collectors.joining(", "));
    }
  }
}
