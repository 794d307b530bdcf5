package ai.rodytech.healer.cli;

import ai.rodytech.healer.bench.ScanBenchmark;
import ai.rodytech.healer.bench.SyntheticLog;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import ai.rodytech.healer.rules.SignatureCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Log scanning speed and heap: rules brain vs grep -E. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Log scanning speed and heap: rules brain vs grep -E.",
      "Writes a synthetic small and large CI log to a temporary directory (deleted afterwards), scans every line "
          + "with all signatures and with grep -E over the same patterns, and measures the heap a diagnosis takes."
    })
public final class BenchScanCommand implements Callable<Integer> {
  /** The over-long last line appended to the large log: far beyond the tail budget. */
  static final long LONG_LAST_LINE_BYTES = 8_000_000;

  @Option(names = "--small-mb", defaultValue = "1", description = "Size of the small log in MB (default: ${DEFAULT-VALUE}).")
  long smallMb;

  @Option(names = "--large-mb", defaultValue = "1024", description = "Size of the large log in MB (default: ${DEFAULT-VALUE}).")
  long largeMb;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the logs (default: the system temp directory).")
  Path dir;

  @Option(names = "--no-grep", description = "Skip the grep -E comparison.")
  boolean noGrep;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (smallMb < 1 || largeMb < smallMb) {
      spec.commandLine().getErr().println("healer bench scan: need 1 <= --small-mb <= --large-mb");
      return 2;
    }
    Path work = dir == null ? Files.createTempDirectory("healer-bench-") : Files.createTempDirectory(dir, "healer-bench-");
    try {
      SignatureCatalog catalog = SignatureCatalog.builtIn();
      ScanBenchmark bench = new ScanBenchmark(catalog, work);
      int total = ScanBenchmark.javaPatterns(catalog).size();
      out.printf(Locale.ROOT, "%d signatures, %d patterns; grep -E runs %d of them (%d skipped: ERE cannot express"
              + " them, e.g. lookahead).%n", catalog.signatures().size(), total,
          bench.grepPatterns().patterns().size(), bench.grepPatterns().skipped().size());
      out.printf(Locale.ROOT, "Diagnosis reads at most the last %d KiB / %d lines of a log.%n%n",
          LogTailReader.DEFAULT_MAX_BYTES / 1024, LogTailReader.DEFAULT_MAX_LINES);
      out.printf(Locale.ROOT, "%-8s %12s %12s %12s %18s %16s %14s %14s%n", "log", "rules MB/s", "grep MB/s",
          "rules/grep", "lines rules/grep", "diagnosis", "allocated", "peak heap");
      out.flush();
      Path small = work.resolve("small.log");
      Path large = work.resolve("large.log");
      SyntheticLog.write(small, smallMb * 1_000_000, 1);
      bench.measure(small, false);
      print(out, smallMb + " MB", bench.measure(small, !noGrep));
      Files.delete(small);
      SyntheticLog.write(large, largeMb * 1_000_000, 2);
      print(out, largeMb + " MB", bench.measure(large, !noGrep));
      SyntheticLog.appendLongLastLine(large, LONG_LAST_LINE_BYTES);
      ScanBenchmark.Heap longLine = bench.diagnose(large);
      out.printf(Locale.ROOT, "%-8s %12s %12s %12s %18s %16s %14s %14s%n", "+8MB line", "", "", "", "", longLine.category(),
          mb(longLine.allocated()), mb(longLine.peak()));
      out.printf(Locale.ROOT, "%nrules/grep: how many times longer the rules scan took than grep -E over the same"
          + " file (both count the lines matching any pattern).%n+8MB line: the large log with one more line of 8 MB"
          + " ending in a Node.js heap error, diagnosed from the end of that line alone.%n");
      out.flush();
      return 0;
    } finally {
      deleteTree(work);
    }
  }

  private static void print(PrintWriter out, String name, ScanBenchmark.Measurement m) {
    String grep = m.grepRan() ? String.format(Locale.ROOT, "%.1f", m.grepMbPerSecond()) : "n/a";
    String ratio = m.grepRan() ? String.format(Locale.ROOT, "%.1fx", m.scanSeconds() / m.grepSeconds()) : "n/a";
    String lines = m.scanMatches() + "/" + (m.grepRan() ? m.grepMatches() : "n/a");
    out.printf(Locale.ROOT, "%-8s %12.1f %12s %12s %18s %16s %14s %14s%n", name, m.scanMbPerSecond(), grep, ratio,
        lines, m.category(), mb(m.allocatedBytes()), mb(m.peakHeapBytes()));
    out.flush();
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
