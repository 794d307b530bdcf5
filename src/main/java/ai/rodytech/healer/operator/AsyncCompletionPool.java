package ai.rodytech.healer.operator;

import java.util.Optional;

/**
 * Keeps CompletableFuture from starting a thread per async completion on small machines. With one or two CPUs
 * the JVM gives the common ForkJoinPool a parallelism of 1, and CompletableFuture then runs every completion
 * that has no executor of its own on a brand-new thread. The Kubernetes client completes HTTP responses that
 * way: on two cores the operator started and ended one thread per API call (about 52,000 in a three-minute
 * `healer bench loop`), which cost it about 40% of its CPU. See docs/performance.md.
 */
public final class AsyncCompletionPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private AsyncCompletionPool() {}

  /**
   * Gives the common pool two threads when the machine would give it fewer, unless the property is set already.
   * Call first thing in main: the common pool reads the property once, when it is first used.
   */
  public static void configure() {
    parallelismFor(Runtime.getRuntime().availableProcessors(), System.getProperty(PARALLELISM))
        .ifPresent(value -> System.setProperty(PARALLELISM, value));
  }

  /** The parallelism to set, if any: the JVM's default is one less than the CPUs. */
  static Optional<String> parallelismFor(int cpus, String alreadySet) {
    return alreadySet == null && cpus - 1 < 2 ? Optional.of("2") : Optional.empty();
  }
}
