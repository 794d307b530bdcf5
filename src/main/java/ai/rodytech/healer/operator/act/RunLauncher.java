package ai.rodytech.healer.operator.act;

import ai.rodytech.healer.operator.ApiCalls;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.run.RunKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates corrective runs of any kind: a server-side dry run first when asked, then for real. Tells "it exists
 * already" — only when the object under the name is the healer's own run for the same lineage and attempt —
 * from every other refusal: a conflict, a quota, a webhook or an unreachable API is a failure with its reason, and
 * an object someone else created under the healer's name is never adopted.
 */
public final class RunLauncher {
  private final KubernetesClient client;
  private final ApiCalls api;

  public RunLauncher(KubernetesClient client) {
    this.client = client;
    this.api = ApiCalls.of(client);
  }

  /**
   * Asks the API server to create the run with dryRun=All: admission, defaulting and validation run, nothing is
   * persisted. Returns the server's refusal, or empty when it would be accepted (or the same run exists already).
   */
  public <R extends HasMetadata> Optional<String> dryRun(RunKind<R> kind, ObjectNode manifest) {
    try {
      post(kind, manifest, true);
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (alreadyExists(e)) {
        R run = client.getKubernetesSerialization().convertValue(manifest, kind.type());
        return existing(kind, run).filter(o -> !sameAttempt(o, run)).map(o -> "the name " + name(run)
            + " is taken by an object the healer did not create for this attempt");
      }
      return Optional.of(describe(e));
    }
  }

  public <R extends HasMetadata> CreateOutcome create(RunKind<R> kind, ObjectNode manifest) {
    try {
      post(kind, manifest, false);
      return new CreateOutcome.Created();
    } catch (KubernetesClientException e) {
      if (alreadyExists(e)) {
        R run = client.getKubernetesSerialization().convertValue(manifest, kind.type());
        Optional<R> there = existing(kind, run);
        if (there.isEmpty()) {
          return new CreateOutcome.Failed("AlreadyExists (409)", "the name " + name(run)
              + " was taken, and the object is gone again", true);
        }
        return sameAttempt(there.get(), run) ? new CreateOutcome.AlreadyCreated()
            : new CreateOutcome.Foreign(kind.kind() + " " + name(run) + " exists but is not the healer's run for"
                + " this attempt (" + describeOwner(there.get()) + ")");
      }
      return failure(e);
    }
  }

  /**
   * The manifest as it is, to the kind's collection in its namespace; the answer is not read (the run's informer
   * brings the created run).
   */
  private void post(RunKind<?> kind, ObjectNode manifest, boolean dryRun) {
    String namespace = manifest.path("metadata").path("namespace").asText("");
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("a corrective run needs a namespace: " + manifest.path("metadata"));
    }
    api.create(ApiCalls.collection(kind.type(), namespace), manifest, dryRun, null);
  }

  /** A 409 whose Status reason is AlreadyExists; any other 409 (a conflict on a quota object…) is a failure. */
  private static boolean alreadyExists(KubernetesClientException e) {
    return e.getCode() == 409 && e.getStatus() != null && "AlreadyExists".equals(e.getStatus().getReason());
  }

  static CreateOutcome.Failed failure(KubernetesClientException e) {
    String reason = e.getStatus() != null && e.getStatus().getReason() != null ? e.getStatus().getReason() : "Error";
    String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : e.getMessage();
    int code = e.getCode();
    boolean terminating = message != null && message.contains("is being terminated");
    // 400, 404 (namespace gone), 422 (invalid) and a terminating namespace will not change by waiting.
    boolean retryable = !terminating && code != 400 && code != 404 && code != 422;
    return new CreateOutcome.Failed(reason + " (" + (code <= 0 ? "no answer" : code) + ")",
        Objects.toString(message, ""), retryable);
  }

  private <R extends HasMetadata> Optional<R> existing(RunKind<R> kind, R run) {
    return Optional.ofNullable(client.resources(kind.type()).inNamespace(run.getMetadata().getNamespace())
        .withName(run.getMetadata().getName()).get());
  }

  /** Managed by the healer, and the same lineage, attempt and replaced run as the one to create. */
  private static boolean sameAttempt(HasMetadata existing, HasMetadata wanted) {
    Map<String, String> labels = Objects.requireNonNullElse(existing.getMetadata().getLabels(), Map.of());
    Map<String, String> have = Objects.requireNonNullElse(existing.getMetadata().getAnnotations(), Map.of());
    Map<String, String> want = Objects.requireNonNullElse(wanted.getMetadata().getAnnotations(), Map.of());
    return Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY))
        && Objects.equals(have.get(Labels.ROOT_UID), want.get(Labels.ROOT_UID))
        && Objects.equals(have.get(Labels.ATTEMPT), want.get(Labels.ATTEMPT))
        && Objects.equals(have.get(Labels.REPLACES_UID), want.get(Labels.REPLACES_UID));
  }

  private static String describeOwner(HasMetadata existing) {
    Map<String, String> labels = Objects.requireNonNullElse(existing.getMetadata().getLabels(), Map.of());
    return labels.containsKey(Labels.MANAGED_BY)
        ? "managed by " + labels.get(Labels.MANAGED_BY) + ", another lineage or attempt"
        : "not created by the healer";
  }

  static String describe(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return "HTTP " + e.getCode() + " " + e.getStatus().getReason() + ": " + e.getStatus().getMessage();
    }
    return "HTTP " + e.getCode() + ": " + e.getMessage();
  }

  private static String name(HasMetadata run) {
    return run.getMetadata().getName();
  }
}
