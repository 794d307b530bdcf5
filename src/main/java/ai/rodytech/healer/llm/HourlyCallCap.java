package ai.rodytech.healer.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most N LLM calls per pipeline in any sliding hour, so a pipeline failing in a loop cannot run up the
 * provider bill. Kept in memory: a restart forgets, which errs on the side of one more hour of calls.
 */
public final class HourlyCallCap {
  private static final Duration WINDOW = Duration.ofHours(1);

  private final int maxCallsPerHour;
  private final Clock clock;
  private final Map<String, Deque<Instant>> callsByPipeline = new HashMap<>();

  public HourlyCallCap(int maxCallsPerHour, Clock clock) {
    if (maxCallsPerHour < 1) {
      throw new IllegalArgumentException("maxCallsPerHour must be at least 1, was " + maxCallsPerHour);
    }
    this.maxCallsPerHour = maxCallsPerHour;
    this.clock = clock;
  }

  /** Takes one call of the pipeline's allowance; false when the last hour already used all of it. */
  public synchronized boolean tryAcquire(String pipeline) {
    Instant now = clock.instant();
    Instant windowStart = now.minus(WINDOW);
    callsByPipeline.values().forEach(calls -> dropOlderThan(calls, windowStart));
    callsByPipeline.values().removeIf(Deque::isEmpty);
    Deque<Instant> calls = callsByPipeline.computeIfAbsent(pipeline, p -> new ArrayDeque<>());
    if (calls.size() >= maxCallsPerHour) {
      return false;
    }
    calls.addLast(now);
    return true;
  }

  public int limit() {
    return maxCallsPerHour;
  }

  private static void dropOlderThan(Deque<Instant> calls, Instant windowStart) {
    while (!calls.isEmpty() && !calls.peekFirst().isAfter(windowStart)) {
      calls.removeFirst();
    }
  }
}
