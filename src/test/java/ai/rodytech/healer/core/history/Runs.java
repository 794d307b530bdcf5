package ai.rodytech.healer.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Finished runs of one pipeline for tests, each finishing a minute after the previous one. */
final class Runs {
  static final Instant START = Instant.parse("2025-03-01T03:00:00Z");
  static final String NS = "ci";
  static final String PIPELINE = "backend-ci-build";

  private final Ledger ledger = new Ledger(NS, PIPELINE);
  private Instant clock = START;
  private int count;

  Ledger ledger() {
    return ledger;
  }

  HistoryView view() {
    return ledger.view();
  }

  /** The time the last run finished. */
  Instant now() {
    return clock;
  }

  void advance(Duration duration) {
    clock = clock.plus(duration);
  }

  FinishedRun.Builder next() {
    count++;
    clock = clock.plus(Duration.ofMinutes(1));
    String name = PIPELINE + "-" + count;
    return FinishedRun.builder(NS, PIPELINE, name, "uid-" + count).finished(clock);
  }

  FinishedRun passed(String revision) {
    return record(next().succeeded(true).revision(revision));
  }

  FinishedRun failed(String revision, String... tests) {
    return record(next().succeeded(false).revision(revision).failingTests(List.of(tests)));
  }

  FinishedRun failedOn(String revision, Map<String, String> images, String... tests) {
    return record(next().succeeded(false).revision(revision).imageDigests(images).failingTests(List.of(tests)));
  }

  FinishedRun passedOn(String revision, Map<String, String> images) {
    return record(next().succeeded(true).revision(revision).imageDigests(images));
  }

  /** A corrective run created by {@code strategy} for {@code signature}, healed or not. */
  FinishedRun corrective(String signature, String strategy, boolean healed) {
    return record(next().succeeded(healed).lineage("root-" + count, 1)
        .chosenBy(new Decision(List.of(signature), strategy)));
  }

  FinishedRun record(FinishedRun.Builder builder) {
    FinishedRun run = builder.build();
    ledger.record(run);
    return run;
  }

  /** Distinct revisions, as commits look. */
  static String rev(int n) {
    return String.format("%040x", n * 7919L);
  }
}
