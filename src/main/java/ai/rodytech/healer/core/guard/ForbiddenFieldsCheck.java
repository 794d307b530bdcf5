package ai.rodytech.healer.core.guard;

import ai.rodytech.healer.core.change.ChangeSet;
import ai.rodytech.healer.core.change.JsonPaths;
import ai.rodytech.healer.core.change.Workload;
import ai.rodytech.healer.core.change.Workloads;
import ai.rodytech.healer.core.plan.ImageReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Fields no strategy may touch: identity and privileges (service account, security contexts, host namespaces),
 * what runs (command, args, script, the image's repository) and secrets (Secret-backed env and envFrom, Secret
 * and hostPath volumes and their mounts), plus what the run kind's layout forbids (a Tekton workspace bound to a
 * Secret, an Argo podSpecPatch). Checked whatever the strategy, and before scope, so the refusal names the field.
 */
final class ForbiddenFieldsCheck implements GuardCheck {
  private static final Set<String> POD_FIELDS =
      Set.of(
          "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "hostNetwork", "hostPID",
          "hostIPC", "hostUsers");
  private static final List<String> CONTAINER_FIELDS = List.of("securityContext", "command", "args", "script");
  private static final String SECURITY_CONTEXT =
      "a securityContext (privileges, user, capabilities) is never changed by the healer";

  private final List<Function<ChangeSet, Optional<String>>> rules =
      List.of(
          ForbiddenFieldsCheck::forbiddenByKind,
          ForbiddenFieldsCheck::forbiddenPodField,
          ForbiddenFieldsCheck::forbiddenContainerField,
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

  private static Optional<String> forbiddenByKind(ChangeSet change) {
    for (String path : change.changedPaths()) {
      Optional<String> reason = change.layout().forbidden(path);
      if (reason.isPresent()) {
        return Optional.of("the change touches " + path + "; " + reason.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> forbiddenPodField(ChangeSet change) {
    for (String path : change.changedPaths()) {
      Optional<String> inScope = Workloads.inPodScope(change.layout(), change.after(), path)
          .or(() -> Workloads.inPodScope(change.layout(), change.before(), path));
      Optional<Workloads.PathIn> inWorkload = Workloads.locate(change.layout(), change.before(), path)
          .or(() -> Workloads.locate(change.layout(), change.after(), path));
      // The innermost of the two decides: a container inside a pod spec is judged as a container (below), a pod
      // template inside a run's spec (a Tekton taskRunTemplate, where the run's parameters are a unit) as a pod.
      if (inWorkload.isPresent()
          && (inScope.isEmpty() || inWorkload.get().rest().length() <= inScope.get().length())) {
        continue;
      }
      List<String> segments = JsonPaths.segments(path);
      if (segments.contains("securityContext")) {
        return Optional.of("the change touches " + path + "; " + SECURITY_CONTEXT);
      }
      Optional<String> field = inScope.map(rest -> JsonPaths.segments(rest).get(0));
      if (field.isPresent() && POD_FIELDS.contains(field.get())) {
        return Optional.of("the change touches " + path + "; " + field.get() + " is never changed by the healer");
      }
    }
    return Optional.empty();
  }

  /** Compared by container name, so a reordered list reads as what it is, not as a changed command. */
  private static Optional<String> forbiddenContainerField(ChangeSet change) {
    for (String name : SensitiveReferences.containerNames(change)) {
      for (String field : CONTAINER_FIELDS) {
        JsonNode was = Workloads.named(change.layout(), change.before(), name).map(w -> w.node().get(field))
            .orElse(null);
        JsonNode now = Workloads.named(change.layout(), change.after(), name).map(w -> w.node().get(field))
            .orElse(null);
        if (!Objects.equals(was, now)) {
          return Optional.of("the change touches the " + field + " of container '" + name + "'; "
              + (field.equals("securityContext") ? SECURITY_CONTEXT
                  : "what a container runs is never changed by the healer"));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> repositoryChange(ChangeSet change) {
    for (Workload after : change.layout().workloads(change.after())) {
      Optional<Workload> before = Workloads.named(change.layout(), change.before(), after.id());
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
        return Optional.of("the change moves the image of container '" + after.id() + "' from " + was + " to "
            + now + "; the healer may change an image's tag or digest, never its repository");
      }
    }
    return Optional.empty();
  }
}
