package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.JobContainers;
import ai.rodytech.healer.core.change.JobContainers.Container;
import ai.rodytech.healer.core.change.JobContainers.PathInContainer;
import ai.rodytech.healer.core.change.JsonPaths;
import ai.rodytech.healer.core.plan.ImageReference;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Fields no strategy may touch: identity and privileges (service account, security contexts, host namespaces),
 * what runs (command, args, the image's repository) and secrets (Secret-backed env and envFrom, Secret and
 * hostPath volumes and their mounts). Checked whatever the strategy, and before scope, so the refusal names the
 * field.
 */
final class ForbiddenFieldsCheck implements GuardCheck {
  private static final Set<String> POD_FIELDS =
      Set.of(
          "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "hostNetwork", "hostPID",
          "hostIPC", "hostUsers");
  private static final Set<String> CONTAINER_FIELDS = Set.of("command", "args");

  private final List<Function<ChangeSet, Optional<String>>> rules =
      List.of(
          ForbiddenFieldsCheck::forbiddenPath,
          ForbiddenFieldsCheck::repositoryChange,
          SensitiveReferences::secretEnv,
          SensitiveReferences::secretEnvFrom,
          SensitiveReferences::sensitiveVolume,
          SensitiveReferences::sensitiveMount);

  @Override
  public Optional<Violation> check(GuardInput input) {
    for (Function<ChangeSet, Optional<String>> rule : rules) {
      Optional<String> message = rule.apply(input.change());
      if (message.isPresent()) {
        return Optional.of(Violation.refuse(GuardReasons.FORBIDDEN_FIELD, message.get()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> forbiddenPath(ChangeSet change) {
    for (String path : change.changedPaths()) {
      List<String> segments = JsonPaths.segments(path);
      if (segments.contains("securityContext")) {
        return Optional.of("the change touches " + path + "; a securityContext (privileges, user, capabilities)"
            + " is never changed by the healer");
      }
      if (path.startsWith("/spec/template/spec/") && segments.size() > 3 && POD_FIELDS.contains(segments.get(3))) {
        return Optional.of("the change touches " + path + "; " + segments.get(3)
            + " is never changed by the healer");
      }
      Optional<PathInContainer> inContainer = JobContainers.locate(path);
      if (inContainer.isPresent()) {
        List<String> rest = JsonPaths.segments(inContainer.get().rest());
        if (!rest.isEmpty() && CONTAINER_FIELDS.contains(rest.get(0))) {
          return Optional.of("the change touches the " + rest.get(0) + " of container '"
              + containerName(change, inContainer.get()) + "' (" + path + "); what a container runs is never"
              + " changed by the healer");
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> repositoryChange(ChangeSet change) {
    for (Container after : JobContainers.all(change.after())) {
      Optional<Container> before = JobContainers.named(change.before(), after.name());
      if (before.isEmpty()) {
        continue;
      }
      String was = before.get().node().path("image").asText("");
      String now = after.node().path("image").asText("");
      if (was.equals(now)) {
        continue;
      }
      Optional<ImageReference> wasRef = ImageReference.parse(was);
      Optional<ImageReference> nowRef = ImageReference.parse(now);
      if (wasRef.isEmpty() || nowRef.isEmpty() || !wasRef.get().sameRepository(nowRef.get())) {
        return Optional.of("the change moves the image of container '" + after.name() + "' from " + was + " to "
            + now + "; the healer may change an image's tag or digest, never its repository");
      }
    }
    return Optional.empty();
  }

  private static String containerName(ChangeSet change, PathInContainer where) {
    return JobContainers.at(change.after(), where.list(), where.index())
        .or(() -> JobContainers.at(change.before(), where.list(), where.index()))
        .map(Container::name)
        .orElse(where.list() + "[" + where.index() + "]");
  }
}
