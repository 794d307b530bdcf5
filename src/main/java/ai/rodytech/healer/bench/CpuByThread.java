package ai.rodytech.healer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * CPU time spent by each group of threads during a measurement (the API server, the operator's reconcilers, its
 * informers, the simulated kubelet...), sampled every few milliseconds so threads that end early still count
 * for most of their time. A coarse profile: it says where the cores went, not why.
 */
final class CpuByThread implements AutoCloseable {
  /** The name of this class's own sampling thread, so that its CPU can be told from what is measured. */
  static final String SAMPLER = "bench-cpu-sampler";
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Function<String, String> groupOf;
  private final Map<Long, Long> startCpu = new ConcurrentHashMap<>();
  private final Map<Long, Long> lastCpu = new ConcurrentHashMap<>();
  private final Map<Long, String> groups = new ConcurrentHashMap<>();
  private final Map<Long, Long> startAllocated = new ConcurrentHashMap<>();
  private final Map<Long, Long> lastAllocated = new ConcurrentHashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  CpuByThread(Function<String, String> groupOf) {
    this.groupOf = groupOf;
    sample(true);
    sampler = new Thread(() -> {
      while (running) {
        sample(false);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, SAMPLER);
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample(boolean baseline) {
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu < 0) {
        continue;
      }
      groups.computeIfAbsent(info.getThreadId(), id -> groupOf.apply(info.getThreadName()));
      if (baseline) {
        startCpu.put(info.getThreadId(), cpu);
      } else {
        startCpu.putIfAbsent(info.getThreadId(), 0L);
      }
      lastCpu.put(info.getThreadId(), cpu);
      long allocated = allocatedBytes(info.getThreadId());
      if (allocated >= 0) {
        if (baseline) {
          startAllocated.put(info.getThreadId(), allocated);
        } else {
          startAllocated.putIfAbsent(info.getThreadId(), 0L);
        }
        lastAllocated.put(info.getThreadId(), allocated);
      }
    }
  }

  private static long allocatedBytes(long thread) {
    return THREADS instanceof com.sun.management.ThreadMXBean counted && counted.isThreadAllocatedMemoryEnabled()
        ? counted.getThreadAllocatedBytes(thread) : -1;
  }

  /**
   * Bytes the threads allocated since construction, this class's sampler excluded (a thread that ended counts to
   * its last sample): the work the collector is handed, and a figure that moves far less between runs than CPU.
   */
  long allocatedBytes() {
    sample(false);
    long total = 0;
    for (Map.Entry<Long, Long> e : lastAllocated.entrySet()) {
      if (!SAMPLER.equals(groups.get(e.getKey()))) {
        total += e.getValue() - startAllocated.getOrDefault(e.getKey(), 0L);
      }
    }
    return total;
  }

  /** CPU seconds per group since construction, largest first. */
  Map<String, Double> seconds() {
    sample(false);
    Map<String, Double> byGroup = new ConcurrentHashMap<>();
    lastCpu.forEach((id, cpu) -> byGroup.merge(groups.get(id), (cpu - startCpu.getOrDefault(id, 0L)) / 1e9, Double::sum));
    Map<String, Double> sorted = new LinkedHashMap<>();
    byGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
