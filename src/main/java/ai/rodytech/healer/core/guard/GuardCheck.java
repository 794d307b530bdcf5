package ai.rodytech.healer.core.guard;

import java.util.Optional;

/** One small, pure check of a proposed change. Empty means: this check has nothing against it. */
@FunctionalInterface
public interface GuardCheck {
  Optional<Violation> check(GuardInput input);
}
