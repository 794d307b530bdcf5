package ai.rodytech.healer.cli;

import ai.rodytech.healer.bench.CallBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What one API call costs the caller: the operator's fabric8 client against the JDK HTTP client, side by side. */
@Command(
    name = "calls",
    mixinStandardHelpOptions = true,
    description = {
      "What one API call costs the caller: GETs of a Job from the in-process API server through the operator's",
      "fabric8 client and through the JDK HTTP client with Jackson (the same body, the same model), in turn, one",
      "call at a time. Prints wall time and CPU per call, the caller's threads and the API server's apart."
    })
public final class BenchCallsCommand implements Callable<Integer> {

  @Option(names = "--calls", paramLabel = "N", defaultValue = "3000",
      description = "Calls per way and round (default: ${DEFAULT-VALUE}).")
  int calls;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "8",
      description = "Rounds; the first ones warm the JIT (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (calls < 1 || rounds < 1) {
      spec.commandLine().getErr().println("healer bench calls: --calls and --rounds must be at least 1");
      return 2;
    }
    List<CallBenchmark.Round> results = CallBenchmark.run(calls, rounds);
    out.printf(Locale.ROOT, "%d GETs of a Job per way and round, one at a time; per call:%n", calls);
    out.printf(Locale.ROOT, "%-6s %-38s %10s %14s %14s%n", "round", "way", "wall µs", "caller CPU µs",
        "server CPU µs");
    for (int r = 0; r < results.size(); r++) {
      for (CallBenchmark.Cost c : results.get(r).costs()) {
        out.printf(Locale.ROOT, "%-6d %-38s %10.0f %14.0f %14.0f%n", r + 1, c.way(), c.wallMicros(),
            c.clientCpuMicros(), c.serverCpuMicros());
      }
    }
    List<CallBenchmark.Cost> last = results.get(results.size() - 1).costs();
    CallBenchmark.Cost heal = last.get(last.size() - 1); // the heal's own path
    for (CallBenchmark.Cost c : last.subList(0, last.size() - 1)) {
      out.printf(Locale.ROOT, "last round, %s / ApiCalls: %.1fx the caller's CPU, %.1fx the wall time%n", c.way(),
          c.clientCpuMicros() / heal.clientCpuMicros(), c.wallMicros() / heal.wallMicros());
    }
    out.flush();
    return 0;
  }
}
