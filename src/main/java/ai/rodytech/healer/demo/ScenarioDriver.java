package ai.rodytech.healer.demo;

import ai.rodytech.healer.api.HistoryStatus;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineHistory;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.run.RunState;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Plays one scenario the way a CI system and a person would: applies its policy, starts its runs one after the
 * other, approves a waiting change when the scenario says so, and then reads back from the cluster what the
 * healer did. It never asks the operator anything directly.
 */
final class ScenarioDriver {
  /** Outcomes after which the healer does nothing more on its own. */
  private static final Set<String> SETTLED = Set.of("Healed", "NeedsHuman", "Shadowed", "Rejected", "Failed");
  private static final Duration POLL = Duration.ofMillis(10);
  /** How long the person takes to read the request and approve it. */
  static final Duration APPROVAL_DELAY = Duration.ofSeconds(1);
  private static final Duration QUIET = Duration.ofMillis(300);
  /** Runs and incidents in the order the demo's runs were numbered: backend-ci-build-2 before backend-ci-build-10. */
  private static final Comparator<HasMetadata> IN_ORDER =
      Comparator.comparing((HasMetadata r) -> r.getMetadata().getName().length())
          .thenComparing(r -> r.getMetadata().getName());

  private final DemoWorld world;
  private final KubernetesClient client;
  private final Pace pace;
  private final PrintStream out;

  /** {@code out} gets the live timeline; null plays silently. */
  ScenarioDriver(DemoWorld world, Pace pace, PrintStream out) {
    this.world = world;
    this.client = world.client();
    this.pace = pace;
    this.out = out;
  }

  ScenarioResult play(Scenario scenario, int number, int of) {
    if (out != null) {
      out.printf("%n[%d/%d] %s: %s%n", number, of, scenario.name(), scenario.title());
      if (!(scenario.runs() instanceof Runs.Jobs)) {
        out.printf("        runs: %s of pipeline %s%n", scenario.runs().describe(), Build.PIPELINE);
      }
      out.printf("        policy %s%s in namespace %s%n", scenario.policy(),
          scenario.policy().equals(Scenarios.SEED_POLICY) ? " (the article's, exactly as written)" : "",
          scenario.namespace());
    }
    String expected = scenario.expected().describe();
    try (Timeline timeline = new Timeline(client, world.kinds(), scenario.runs(), world.inbox(), world.model(),
        scenario.namespace(), out)) {
      Times times = drive(scenario, timeline);
      Observation got = observe(scenario);
      return new ScenarioResult(scenario.name(), scenario.runKind(), scenario.title(), expected,
          scenario.expected().describe(got), scenario.expected().metBy(got), times.toAct(), times.toHeal(), null);
    } catch (NotInTime e) {
      Observation got = observe(scenario);
      return new ScenarioResult(scenario.name(), scenario.runKind(), scenario.title(), expected,
          scenario.expected().describe(got), false, null, null, e.getMessage());
    }
  }

  /** When the decisive failure was seen, and when the healer acted and healed. */
  private record Times(long failedAt, long actedAt, long healedAt) {
    Long toAct() {
      return actedAt == 0 ? null : Duration.ofNanos(actedAt - failedAt).toMillis();
    }

    Long toHeal() {
      return healedAt == 0 ? null : Duration.ofNanos(healedAt - failedAt).toMillis();
    }
  }

  private Times drive(Scenario scenario, Timeline timeline) {
    String ns = scenario.namespace();
    Runs runs = scenario.runs();
    setUp(scenario);
    long failedAt = 0;
    Times times = null;
    for (int run = 1; run <= scenario.originalRuns(); run++) {
      int alertsBefore = world.inbox().received(ns).size();
      GenericKubernetesResource created = resources(runs, ns).resource(resource(runs.run(ns, run))).create();
      String name = created.getMetadata().getName();
      GenericKubernetesResource finished = await("run " + name + " to finish", pace.patience(Duration.ofSeconds(10)),
          () -> Optional.ofNullable(resources(runs, ns).withName(name).get())
              .filter(r -> world.kinds().state(runs.runKind(), r).finished()));
      boolean failed = world.kinds().state(runs.runKind(), finished) instanceof RunState.Failed;
      if (failed) {
        failedAt = System.nanoTime();
      }
      if (scenario.oneAtATime() && failed) {
        times = settle(scenario, timeline, failedAt, name);
        if (scenario.expected().humanAlerted() && !"Healed".equals(outcomeOf(ns, name))) {
          awaitAlert(ns, alertsBefore);
        }
      } else if (scenario.oneAtATime()) {
        awaitRecorded(ns, name, timeline);
      } else if (failed) {
        // The next run starts once the healer has answered this failure, as in a pipeline's real rhythm.
        await("the healer to answer run " + name, pace.patience(Duration.ofSeconds(10)), () ->
            client.v1().events().inNamespace(ns).withField("involvedObject.name", name).list().getItems().stream()
                .filter(e -> e.getSource() != null && Labels.EVENT_COMPONENT.equals(e.getSource().getComponent()))
                .findFirst());
      }
    }
    if (!scenario.oneAtATime()) {
      times = settle(scenario, timeline, failedAt, null);
      if (scenario.expected().humanAlerted()) {
        awaitAlert(ns, 0);
      }
    }
    // Lets the last Events and alerts reach the timeline, and shows a run the healer should not have created.
    pause(QUIET);
    return times == null ? new Times(failedAt, 0, 0) : times;
  }

  /**
   * Waits for an incident to settle, approving it on the way when the scenario says so: the incident of the lineage
   * that {@code rootRun} started, or when null the namespace's one incident. The times count from {@code failedAt}.
   */
  private Times settle(Scenario scenario, Timeline timeline, long failedAt, String rootRun) {
    String ns = scenario.namespace();
    long actedAt = 0;
    long healedAt = 0;
    boolean approved = false;
    long deadline = System.nanoTime() + pace.patience(Duration.ofSeconds(20)).toNanos();
    while (true) {
      Optional<PipelineIncident> incident = incidents(ns).stream()
          .filter(i -> rootRun == null || rootRun.equals(i.getSpec().getRootRun())).findFirst();
      String outcome = incident.map(i -> i.getStatus() == null ? null : i.getStatus().outcome).orElse(null);
      if (actedAt == 0 && correctiveRuns(scenario.runs(), ns).stream().anyMatch(r -> rootRun == null
          || rootRun.equals(r.getMetadata().getAnnotations().get(Labels.RETRY_OF)))) {
        actedAt = System.nanoTime();
      }
      if ("Healed".equals(outcome)) {
        healedAt = System.nanoTime();
      }
      if (outcome != null && SETTLED.contains(outcome)) {
        return new Times(failedAt, actedAt, healedAt);
      }
      if (scenario.approves() && !approved && "PendingApproval".equals(outcome)) {
        pause(pace.of(APPROVAL_DELAY));
        approve(incident.get(), timeline);
        approved = true;
      }
      if (System.nanoTime() > deadline) {
        throw new NotInTime((rootRun == null ? "the incident" : "the incident of " + rootRun)
            + " to settle (last outcome: " + outcome + ")");
      }
      pause(POLL);
    }
  }

  private String outcomeOf(String ns, String rootRun) {
    return incidents(ns).stream().filter(i -> rootRun.equals(i.getSpec().getRootRun()))
        .map(i -> i.getStatus() == null ? null : i.getStatus().outcome).filter(Objects::nonNull).findFirst()
        .orElse(null);
  }

  /** Gives an alert a few seconds to reach the inbox, once it holds {@code before} alerts of the namespace. */
  private void awaitAlert(String ns, int before) {
    long alertDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (world.inbox().received(ns).size() <= before && System.nanoTime() < alertDeadline) {
      pause(POLL);
    }
  }

  /**
   * Waits until the pipeline's history (its PipelineHistory, as kubectl shows it) holds the run, and tells what it
   * learnt from it: the run's commit, and a test that failed and passed on that commit.
   */
  private void awaitRecorded(String ns, String run, Timeline timeline) {
    String name = PipelineHistory.nameFor(Build.PIPELINE);
    HistoryStatus ledger = await("the pipeline's history to record run " + run, pace.patience(Duration.ofSeconds(10)),
        () -> Optional.ofNullable(client.resources(PipelineHistory.class).inNamespace(ns).withName(name).get())
            .map(PipelineHistory::getStatus)
            .filter(st -> st.runs.stream().anyMatch(r -> run.equals(r.name))));
    HistoryStatus.Run recorded = ledger.runs.stream().filter(r -> run.equals(r.name)).findFirst().orElseThrow();
    StringBuilder text = new StringBuilder("PipelineHistory " + name + " records " + run + ": "
        + (Boolean.TRUE.equals(recorded.ok) ? "passed" : "failed")
        + (recorded.rev == null ? ", no commit" : " on commit " + Build.shortCommit(recorded.rev)));
    for (HistoryStatus.TestRecord test : ledger.tests) {
      test.sameRevision.stream().filter(e -> run.equals(e.passedRun) || run.equals(e.failedRun)).findFirst()
          .ifPresent(e -> text.append("; ").append(test.test).append(" failed in ").append(e.failedRun)
              .append(" and passed in ").append(e.passedRun).append(" on the same commit"));
    }
    timeline.note("history", text.toString());
  }

  private void setUp(Scenario scenario) {
    String ns = scenario.namespace();
    PipelineRecoveryPolicy policy = readPolicy(scenario.policy());
    if (policy.getSpec().getAlerts() != null) {
      String secret = policy.getSpec().getAlerts().getSecretName();
      client.resource(new SecretBuilder().withNewMetadata().withName(secret).withNamespace(ns).endMetadata()
          .addToStringData("slack-webhook-url", world.inbox().url("slack", ns))
          .addToStringData("pagerduty-routing-key", "demo0routing0key0000000000000000")
          .addToStringData("pagerduty-events-url", world.inbox().url("pagerduty", ns))
          .build()).create();
    }
    if (scenario.runs() instanceof Runs.Jobs jobs && jobs.build().secretEnv() != null) {
      client.resource(new SecretBuilder().withNewMetadata().withName(Build.SECRET).withNamespace(ns).endMetadata()
          .addToStringData(jobs.build().secretKey(), "22.11.0")
          .build()).create();
    }
    for (JsonNode prerequisite : scenario.runs().prerequisites()) {
      GenericKubernetesResource object = resource(prerequisite);
      client.genericKubernetesResources(object.getApiVersion(), object.getKind()).inNamespace(ns).resource(object)
          .create();
    }
    policy.getMetadata().setNamespace(ns);
    client.resource(policy).inNamespace(ns).create();
    createSetUpObjects(scenario);
  }

  /** What the scenario's namespace holds besides its policy (a LimitRange…): demo/setup/{scenario}.yaml, if any. */
  private void createSetUpObjects(Scenario scenario) {
    try (InputStream in = ScenarioDriver.class.getResourceAsStream("/demo/setup/" + scenario.name() + ".yaml")) {
      if (in != null) {
        for (HasMetadata object : client.load(in).items()) {
          object.getMetadata().setNamespace(scenario.namespace());
          client.resource(object).create();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PipelineRecoveryPolicy readPolicy(String resource) {
    try (InputStream in = ScenarioDriver.class.getResourceAsStream("/demo/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("the demo's policy " + resource + " is missing from the classpath");
      }
      return client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As a person does with kubectl annotate or healer approve. */
  private void approve(PipelineIncident incident, Timeline timeline) {
    String name = incident.getMetadata().getName();
    timeline.note("person", "approves: kubectl annotate pipelineincident " + name + " "
        + PipelineIncident.APPROVE_ANNOTATION + "=true");
    client.resources(PipelineIncident.class).inNamespace(incident.getMetadata().getNamespace()).withName(name)
        .edit(i -> {
          Map<String, String> annotations = new HashMap<>(Optional.ofNullable(i.getMetadata().getAnnotations())
              .orElse(Map.of()));
          annotations.put(PipelineIncident.APPROVE_ANNOTATION, "true");
          i.getMetadata().setAnnotations(annotations);
          return i;
        });
  }

  private Observation observe(Scenario scenario) {
    String ns = scenario.namespace();
    List<PipelineIncident> incidents = incidents(ns).stream().sorted(IN_ORDER).toList();
    List<AlertInbox.Received> alerts = world.inbox().received(ns);
    List<GenericKubernetesResource> corrective = correctiveRuns(scenario.runs(), ns);
    if (!scenario.oneAtATime()) {
      return new Observation(incidents.size(), incidents.isEmpty() ? null : incidents.get(0).getStatus(), List.of(),
          corrective, !alerts.isEmpty(), alerts);
    }
    Optional<String> last = lastFailure(scenario);
    List<PipelineIncident> lastOnes = incidents.stream()
        .filter(i -> last.isPresent() && last.get().equals(i.getSpec().getRootRun())).toList();
    List<IncidentStatus> earlier = incidents.stream().filter(i -> !lastOnes.contains(i))
        .map(PipelineIncident::getStatus).filter(Objects::nonNull).toList();
    return new Observation(lastOnes.size(), lastOnes.isEmpty() ? null : lastOnes.get(0).getStatus(), earlier,
        corrective, !alerts.isEmpty(), alerts);
  }

  /** The latest of the runs the demo started that failed. */
  private Optional<String> lastFailure(Scenario scenario) {
    Runs runs = scenario.runs();
    return resources(runs, scenario.namespace()).list().getItems().stream()
        .filter(r -> !Lineage.of(r).isRetry())
        .filter(r -> world.kinds().state(runs.runKind(), r) instanceof RunState.Failed)
        .sorted(IN_ORDER.reversed())
        .map(r -> r.getMetadata().getName())
        .findFirst();
  }

  private List<PipelineIncident> incidents(String ns) {
    return client.resources(PipelineIncident.class).inNamespace(ns).list().getItems();
  }

  /** Runs the healer created: they carry the lineage's first run in their retry-of annotation. */
  private List<GenericKubernetesResource> correctiveRuns(Runs runs, String ns) {
    return resources(runs, ns).list().getItems().stream()
        .filter(r -> r.getMetadata().getAnnotations() != null
            && r.getMetadata().getAnnotations().containsKey(Labels.RETRY_OF))
        .sorted(IN_ORDER)
        .toList();
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> resources(Runs runs, String ns) {
    return client.genericKubernetesResources(runs.apiVersion(), runs.runKind()).inNamespace(ns);
  }

  private GenericKubernetesResource resource(JsonNode tree) {
    return client.getKubernetesSerialization().convertValue(tree, GenericKubernetesResource.class);
  }

  private static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new NotInTime(what);
      }
      pause(POLL);
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotInTime("the demo to go on (interrupted)");
    }
  }

  /** The scenario did not reach a step in time. */
  private static final class NotInTime extends RuntimeException {
    NotInTime(String what) {
      super("timed out waiting for " + what);
    }
  }
}
