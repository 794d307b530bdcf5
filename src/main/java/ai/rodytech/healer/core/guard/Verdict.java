package ai.rodytech.healer.core.guard;

import java.util.List;
import java.util.Optional;

/**
 * The guard's answer for one plan.
 *
 * @param violation the first check that said no, or empty when every check passed
 * @param passed names of the checks that passed, in order (empty for an alert, which is not judged as a change)
 */
public record Verdict(Optional<Violation> violation, List<String> passed) {

  public Verdict {
    violation = violation == null ? Optional.empty() : violation;
    passed = List.copyOf(passed == null ? List.of() : passed);
  }

  public boolean approved() {
    return violation.isEmpty();
  }
}
