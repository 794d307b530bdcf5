package ai.rodytech.healer.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the observers read of any state: a failed run's reason and message, nothing of a run that did not fail. */
class RunStateTest {

  @Test
  void aFailedRunGivesTheEnginesReasonAndMessage() {
    RunState failed = new RunState.Failed(Instant.EPOCH, "BackoffLimitExceeded", "Job has reached the backoff limit",
        null);
    assertThat(failed.failedReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(failed.failedMessage()).isEqualTo("Job has reached the backoff limit");
  }

  @Test
  void aFailedRunWithoutAMessageGivesAnEmptyOne() {
    assertThat(new RunState.Failed(null, "Failed", null, null).failedMessage()).isEmpty();
  }

  @Test
  void aRunThatDidNotFailHasNoReasonAndNoMessage() {
    for (RunState state : new RunState[] {new RunState.Running(), new RunState.Retrying("ToBeRetried"),
        new RunState.Succeeded(Instant.EPOCH)}) {
      assertThat(state.failedReason()).as(state.toString()).isNull();
      assertThat(state.failedMessage()).as(state.toString()).isEmpty();
    }
  }
}
