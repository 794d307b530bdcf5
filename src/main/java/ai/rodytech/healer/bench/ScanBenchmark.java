package ai.rodytech.healer.bench;

import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import ai.rodytech.healer.rules.LinePattern;
import ai.rodytech.healer.rules.LogScanner;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.Signature;
import ai.rodytech.healer.rules.SignatureCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the rules brain on one log file: how fast all signatures scan every line (against grep -E with the
 * same patterns), and how much heap a diagnosis of the file takes, which only reads the bounded tail.
 */
public final class ScanBenchmark {
  private final SignatureCatalog catalog;
  private final GrepPatterns.Converted grepPatterns;
  private final Path grepPatternFile;

  /** Scan and grep timings, and the diagnosis' memory, for one file. */
  public record Measurement(
      long bytes,
      double scanSeconds,
      long scanMatches,
      double grepSeconds,
      long grepMatches,
      long tailLines,
      String category,
      long allocatedBytes,
      long peakHeapBytes) {

    public double scanMbPerSecond() {
      return bytes / 1e6 / scanSeconds;
    }

    public double grepMbPerSecond() {
      return bytes / 1e6 / grepSeconds;
    }

    public boolean grepRan() {
      return grepSeconds > 0;
    }
  }

  public ScanBenchmark(SignatureCatalog catalog, Path workDir) throws IOException {
    this.catalog = catalog;
    this.grepPatterns = GrepPatterns.convert(javaPatterns(catalog));
    this.grepPatternFile = workDir.resolve("patterns.ere");
    Files.write(grepPatternFile, grepPatterns.patterns(), StandardCharsets.UTF_8);
  }

  public static List<String> javaPatterns(SignatureCatalog catalog) {
    return catalog.signatures().stream()
        .map(Signature::patterns)
        .flatMap(List::stream)
        .map(LinePattern::regex)
        .toList();
  }

  public GrepPatterns.Converted grepPatterns() {
    return grepPatterns;
  }

  public Measurement measure(Path file, boolean withGrep) throws IOException, InterruptedException {
    long bytes = Files.size(file);
    long start = System.nanoTime();
    long matches;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      matches = new LogScanner(catalog).countMatchingLines(reader);
    }
    double scanSeconds = (System.nanoTime() - start) / 1e9;
    double grepSeconds = -1;
    long grepMatches = -1;
    if (withGrep) {
      start = System.nanoTime();
      grepMatches = grepCount(file);
      grepSeconds = grepMatches < 0 ? -1 : (System.nanoTime() - start) / 1e9;
    }
    Heap heap = diagnose(file);
    return new Measurement(bytes, scanSeconds, matches, grepSeconds, grepMatches, heap.tailLines(),
        heap.category(), heap.allocated(), heap.peak());
  }

  /** Lines grep -E finds with the converted patterns; -1 when grep cannot be started. */
  private long grepCount(Path file) throws IOException, InterruptedException {
    Process grep;
    try {
      grep = new ProcessBuilder("grep", "-E", "-c", "-f", grepPatternFile.toString(), file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return -1;
    }
    String out = new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int status = grep.waitFor();
    if (status > 1 || out.isEmpty()) {
      throw new IOException("grep -E failed with status " + status);
    }
    return Long.parseLong(out);
  }

  /** What diagnosing one file took: the tail's lines, the category, bytes allocated and the heap's peak. */
  public record Heap(long tailLines, String category, long allocated, long peak) {}

  /** Diagnoses the file as the CLI does, measuring this thread's allocations and the heap's peak above its base. */
  public Heap diagnose(Path file) throws IOException {
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
    System.gc();
    long base = pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    LogTail tail = new LogTailReader().read(file);
    Diagnosis diagnosis = new RulesBrain(catalog, Redactor.none())
        .diagnose(FailureSnapshot.ofLog(tail, 1, null), BrainContext.permissive());
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - base;
    long lines = tail.text().isEmpty() ? 0 : tail.text().chars().filter(c -> c == '\n').count();
    return new Heap(lines, diagnosis.category().wireName(), allocated, Math.max(0, peak));
  }
}
