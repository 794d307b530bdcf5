package ai.rodytech.healer.demo;

import java.time.Duration;

/**
 * How fast the demo plays: every simulated build and every pause a person takes is divided by {@code speed}.
 * 1 is the default; 0.25 is four times slower, easier to follow.
 */
public record Pace(double speed) {
  public static final Pace NORMAL = new Pace(1.0);

  public Pace {
    if (!(speed > 0) || speed > 100) {
      throw new IllegalArgumentException("speed must be above 0 and at most 100, got " + speed);
    }
  }

  /** A simulated duration, played at this pace. */
  public Duration of(Duration atNormalSpeed) {
    return Duration.ofNanos((long) (atNormalSpeed.toNanos() / speed));
  }

  /** How long to wait for something the operator does, which the pace does not slow down. */
  public Duration patience(Duration atNormalSpeed) {
    return of(atNormalSpeed).plus(atNormalSpeed);
  }
}
