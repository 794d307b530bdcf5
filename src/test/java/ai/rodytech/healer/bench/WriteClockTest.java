package ai.rodytech.healer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.sim.AdmissionRequest;
import ai.rodytech.healer.sim.AdmissionRequest.Operation;
import org.junit.jupiter.api.Test;

/** What the loop benchmark times: a run's Failed status, then the creation of the run that retries it. */
class WriteClockTest {
  private static final String FAILED = "{\"status\":{\"conditions\":[{\"type\":\"Failed\",\"status\":\"True\"}]}}";
  private static final String FAILED_FALSE =
      "{\"status\":{\"conditions\":[{\"type\":\"Failed\",\"status\":\"False\"}]}}";

  @Test
  void pairsEachFailureWithTheRunCreatedForItAndIgnoresEverythingElse() throws Exception {
    WriteClock clock = new WriteClock();
    clock.review(job(Operation.UPDATE, false, "status", "run-1", FAILED));
    clock.review(job(Operation.UPDATE, false, "status", "run-2", FAILED));
    clock.review(job(Operation.UPDATE, false, "status", "run-3", FAILED_FALSE)); // not failed
    Thread.sleep(5);
    clock.review(job(Operation.CREATE, true, "", "run-1-heal-1", retryOf("run-1"))); // a dry run
    assertThat(clock.corrections()).isZero();
    clock.review(job(Operation.CREATE, false, "", "run-1-heal-1", retryOf("run-1")));
    clock.review(job(Operation.UPDATE, false, "status", "run-1", FAILED)); // the same failure written again

    assertThat(clock.failures()).isEqualTo(2);
    assertThat(clock.corrections()).isEqualTo(1);
    assertThat(clock.latencies()).singleElement()
        .satisfies(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(5_000_000L));
    assertThat(clock.lastCorrection()).isGreaterThan(clock.firstFailure());
  }

  private static AdmissionRequest job(Operation operation, boolean dryRun, String subresource, String name,
      String json) {
    return new AdmissionRequest(operation, dryRun, subresource, "batch/v1", "Job", "ci", name, json);
  }

  private static String retryOf(String run) {
    return "{\"metadata\":{\"annotations\":{\"rodytech.ai/retry-of\":\"" + run + "\"}}}";
  }
}
