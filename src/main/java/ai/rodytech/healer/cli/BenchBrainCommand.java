package ai.rodytech.healer.cli;

import ai.rodytech.healer.bench.BrainBenchmark;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import ai.rodytech.healer.eval.EvalCase;
import ai.rodytech.healer.eval.EvalCases;
import ai.rodytech.healer.rules.InvalidSignatureException;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** How long the rules brain takes to diagnose a failure, on real logs. */
@Command(
    name = "brain",
    mixinStandardHelpOptions = true,
    description = {
      "How long the rules brain takes per diagnosis: every log of DIR (cases with build.log, as healer eval reads",
      "them, or *.log files) is read through the operator's bounded tail reader once, then diagnosed in rounds in",
      "one JVM; the first rounds warm the JIT. Prints each round and the fastest one's mean, median and slowest."
    })
public final class BenchBrainCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "../shared/corpus",
      description = "Folder of cases or of *.log files; default: ${DEFAULT-VALUE}.")
  Path dir;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "8",
      description = "Rounds over all the logs (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rounds < 1) {
      err.println("healer bench brain: --rounds must be at least 1");
      return 2;
    }
    List<FailureSnapshot> failures;
    RulesBrain brain;
    try {
      failures = failures(dir);
      brain = new RulesBrain(SignatureCatalog.load(List.of()), new SecretRedactor());
    } catch (IllegalArgumentException | InvalidSignatureException e) {
      err.println("healer bench brain: " + e.getMessage());
      return 2;
    }
    if (failures.isEmpty()) {
      err.println("healer bench brain: no logs in " + dir + " (expected folders with build.log, or *.log files)");
      return 2;
    }
    long bytes = failures.stream().mapToLong(f -> f.log().text().length()).sum();
    out.printf(Locale.ROOT, "%d logs from %s, %d KB of tails read as the operator reads them%n", failures.size(),
        dir, bytes / 1024);
    List<BrainBenchmark.Round> results = BrainBenchmark.run(brain, failures, rounds);
    for (int r = 0; r < results.size(); r++) {
      out.printf(Locale.ROOT, "  round %d: %.0f µs per diagnosis%n", r + 1, results.get(r).meanMicros());
    }
    BrainBenchmark.Round fastest = results.stream()
        .min(Comparator.comparingDouble(BrainBenchmark.Round::meanMicros)).orElseThrow();
    long[] sorted = fastest.sorted();
    out.printf(Locale.ROOT, "fastest round: mean %.0f µs, median %.0f µs, slowest %.1f ms per diagnosis%n",
        fastest.meanMicros(), sorted[sorted.length / 2] / 1e3, sorted[sorted.length - 1] / 1e6);
    out.flush();
    return 0;
  }

  private static List<FailureSnapshot> failures(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a directory");
    }
    LogTailReader reader = new LogTailReader();
    List<FailureSnapshot> failures = new ArrayList<>();
    List<Path> logs;
    try (Stream<Path> files = Files.list(dir)) {
      logs = files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f)).sorted().toList();
    }
    if (logs.isEmpty()) {
      for (EvalCase c : EvalCases.load(dir)) {
        failures.add(FailureSnapshot.ofLog(reader.read(c.log()), c.exitCode(), null));
      }
    }
    for (Path log : logs) {
      LogTail tail = reader.read(log);
      failures.add(FailureSnapshot.ofLog(tail, 1, null));
    }
    return failures;
  }
}
