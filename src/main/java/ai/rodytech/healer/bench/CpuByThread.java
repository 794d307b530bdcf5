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
 * informers, the simulated kubelet...), sampled every {@value #SAMPLE_MILLIS} ms so threads that end early still
 * count for most of their time. A coarse profile: it says where the cores went, not why.
 */
final class CpuByThread implements AutoCloseable {
  /** The name of this class's own sampling thread, so that its CPU can be told from what is measured. */
  static final String SAMPLER = "bench-cpu-sampler";
  /**
   * Between samples: a thread that ends loses at most this much of its CPU. Each sample reads every thread's CPU
   * clock (a system call per thread): every 20 ms that was 4 % of the operator's JVM in a burst.
   */
  static final long SAMPLE_MILLIS = 50;
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
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, SAMPLER);
    sampler.setDaemon(true);
    sampler.start();
  }

  /**
   * One sample of every live thread: CPU and allocation read for all of them in one call each (the JDK's bulk
   * form), a thread's name only the first time it is seen (thread ids are never reused). Reading a ThreadInfo of
   * every thread at every sample made this thread about 6 % of the operator's JVM's CPU in a burst — excluded from
   * the figures, but taken from the cores the operator and the simulator share.
   */
  private void sample(boolean baseline) {
    long[] ids = THREADS.getAllThreadIds();
    long[] cpu = cpuTimes(ids);
    long[] allocated = allocatedBytes(ids);
    for (int i = 0; i < ids.length; i++) {
      long id = ids[i];
      if (cpu[i] < 0 || !named(id)) {
        continue;
      }
      record(startCpu, lastCpu, id, cpu[i], baseline);
      if (allocated != null && allocated[i] >= 0) {
        record(startAllocated, lastAllocated, id, allocated[i], baseline);
      }
    }
  }

  /**
   * A thread's counter read now: its start is this value in the baseline, else zero for a thread first seen
   * after it (all it counted is in the measurement).
   */
  private static void record(Map<Long, Long> start, Map<Long, Long> last, long id, long value, boolean baseline) {
    if (baseline) {
      start.put(id, value);
    } else {
      start.putIfAbsent(id, 0L);
    }
    last.put(id, value);
  }

  /** Whether the thread has its group (found now if it is new); false for a thread that ended meanwhile. */
  private boolean named(long id) {
    if (groups.containsKey(id)) {
      return true;
    }
    ThreadInfo info = THREADS.getThreadInfo(id);
    if (info == null) {
      return false;
    }
    groups.put(id, groupOf.apply(info.getThreadName()));
    return true;
  }

  private static long[] cpuTimes(long[] ids) {
    if (THREADS instanceof com.sun.management.ThreadMXBean counted) {
      return counted.getThreadCpuTime(ids);
    }
    long[] cpu = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      cpu[i] = THREADS.getThreadCpuTime(ids[i]);
    }
    return cpu;
  }

  private static long[] allocatedBytes(long[] ids) {
    return THREADS instanceof com.sun.management.ThreadMXBean counted && counted.isThreadAllocatedMemoryEnabled()
        ? counted.getThreadAllocatedBytes(ids) : null;
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
