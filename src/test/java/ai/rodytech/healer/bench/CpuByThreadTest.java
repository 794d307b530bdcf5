package ai.rodytech.healer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuByThreadTest {
  /** Where each array escapes to, so that the JIT cannot take the allocation away. */
  private static volatile byte[] last;

  @Test
  void aThreadsCpuAndAllocationCountToItsGroupEvenAfterItEnded() throws Exception {
    try (CpuByThread cpu = new CpuByThread(name -> name.startsWith("burner") ? "burner" : "other")) {
      Thread burner = new Thread(() -> {
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
          last = new byte[1024];
        }
      }, "burner-1");
      burner.start();
      burner.join();
      Thread.sleep(100); // sampled at least once more after it ended

      assertThat(cpu.seconds().get("burner")).as("its CPU, sampled while it ran").isGreaterThan(0.1);
      assertThat(cpu.allocatedBytes()).as("its allocation, a KB at a time").isGreaterThan(10_000_000L);
    }
  }
}
