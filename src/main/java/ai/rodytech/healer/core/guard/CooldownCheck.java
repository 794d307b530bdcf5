package ai.rodytech.healer.core.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Enough time has passed since the lineage's last attempt; if not, the plan is deferred, not refused. */
final class CooldownCheck implements GuardCheck {
  @Override
  public Optional<Violation> check(GuardInput input) {
    Instant last = input.lineage().lastAttemptAt();
    Duration cooldown = input.rules().cooldown();
    if (last == null || cooldown.isZero()) {
      return Optional.empty();
    }
    Duration elapsed = Duration.between(last, input.now());
    if (elapsed.compareTo(cooldown) >= 0) {
      return Optional.empty();
    }
    // A last attempt "in the future" is clock skew: wait one cooldown, not the skew as well.
    Duration wait = elapsed.isNegative() ? cooldown : cooldown.minus(elapsed);
    return Optional.of(Violation.defer(GuardReasons.COOLING_DOWN,
        "the last attempt of this lineage was created " + seconds(elapsed.isNegative() ? Duration.ZERO : elapsed)
            + " ago; the policy waits " + seconds(cooldown) + " between attempts (safetyChecks.cooldownSeconds),"
            + " so this one waits " + seconds(wait) + " more",
        wait));
  }

  private static String seconds(Duration d) {
    long rounded = (d.toMillis() + 999) / 1000;
    return rounded + "s";
  }
}
