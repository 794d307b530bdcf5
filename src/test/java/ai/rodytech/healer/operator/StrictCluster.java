package ai.rodytech.healer.operator;

import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.alert.AlertDispatcher;
import ai.rodytech.healer.alert.RetryPolicy;
import ai.rodytech.healer.api.AlertSettings;
import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.SimulatedKubelet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The real operator (rules brain, secret redaction, a webhook alert channel on loopback) against the in-process
 * API server and the strict simulated kubelet, which runs each Job as its namespace's {@link RunScript} says. Each
 * test plays in a namespace of its own ({@link #namespace}), so one cluster and one operator serve a whole class.
 * Nothing here writes a Job's status: the kubelet does, as Kubernetes 1.31 would.
 */
final class StrictCluster implements AutoCloseable {
  static final String PIPELINE = "backend-ci-build";
  static final String ALERT_SECRET = "healer-alerts";
  /** How long a simulated build takes (before the kubelet's speed-up). */
  static final Duration BUILD = Duration.ofMillis(300);
  static final RunOutcome PASS = RunOutcome.succeeded(SampleLogs.mavenSuccess(), BUILD);
  static final RunOutcome FLAKY = RunOutcome.failed(1, SampleLogs.flakyTest(), BUILD);
  static final RunOutcome OOM = RunOutcome.oomKilled(SampleLogs.jvmOutOfMemory(), BUILD);
  /** How long a corrective run may take to start here (the operator's default is ten minutes). */
  static final Duration START_TIMEOUT = Duration.ofSeconds(2);

  final InProcessCluster cluster;
  final KubernetesClient client;
  final LocalReceiver alerts;
  private final Map<String, RunScript> scripts = new ConcurrentHashMap<>();
  private final Map<String, FailureSnapshot> snapshots = new ConcurrentHashMap<>();
  private final SimulatedKubelet kubelet;
  private final Brain brain;
  private final UnaryOperator<OperatorSettings> settings;
  private final AlertDispatcher dispatcher;
  private HealerOperator operator;

  /** A cluster whose kubelet runs {@code speed} times faster than real time and pulls every image. */
  StrictCluster(double speed) {
    this(speed, image -> false, s -> s);
  }

  StrictCluster(double speed, Predicate<String> unpullable, UnaryOperator<OperatorSettings> settings) {
    this.cluster = InProcessCluster.start();
    this.client = cluster.newClient();
    this.alerts = new LocalReceiver();
    this.brain = recording(new RulesBrain(SignatureCatalog.builtIn(), new SecretRedactor()));
    this.settings = settings;
    RunScript unknown = RunScript.always(RunOutcome.succeeded("", Duration.ZERO));
    this.kubelet = SimulatedKubelet.builder(cluster).speed(speed).unpullable(unpullable)
        .script(job -> scripts.getOrDefault(job.getMetadata().getNamespace(), unknown).run(job))
        .start();
    this.dispatcher = new AlertDispatcher(HttpClient.newHttpClient(), new SecretRedactor(),
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)),
        Executors.newFixedThreadPool(2), new SimpleMeterRegistry());
    start();
  }

  /** The rules brain, keeping each snapshot it is given (the incident keeps only a summary). */
  private Brain recording(Brain rules) {
    return new Brain() {
      @Override
      public Diagnosis diagnose(FailureSnapshot snapshot, BrainContext context) {
        snapshots.put(snapshot.run().namespace() + "/" + snapshot.run().name(), snapshot);
        return rules.diagnose(snapshot, context);
      }

      @Override
      public String name() {
        return rules.name();
      }
    };
  }

  void start() {
    OperatorSettings base = OperatorSettings.defaults().forMockServer().withStartTimeout(START_TIMEOUT);
    operator = HealerOperator.start(OperatorClient.build(cluster.config()), settings.apply(base), new HealerOperator.Services(
        p -> brain, dispatcher, new SecretRedactor(), new SimpleMeterRegistry(), Clock.systemUTC()));
  }

  void restart() {
    stopOperator();
    start();
  }

  /** Stops the operator; the cluster and its kubelet go on. */
  void stopOperator() {
    operator.close();
    operator = null;
  }

  /** Writes the policies' pending aggregates now. */
  void flushPolicyStatus() {
    operator.flushPolicyStatus();
  }

  /** A namespace whose Jobs end as {@code script} says, with the article's policy acting on the first failure. */
  Space namespace(String ns, RunScript script) {
    return namespace(ns, script, p -> {});
  }

  Space namespace(String ns, RunScript script, Consumer<PipelineRecoveryPolicy> policyChange) {
    scripts.put(ns, script);
    client.resource(new SecretBuilder().withNewMetadata().withName(ALERT_SECRET).withNamespace(ns).endMetadata()
        .addToStringData("webhook-url", alerts.url("/hook/" + ns)).build()).create();
    PipelineRecoveryPolicy policy = policy(ns);
    policyChange.accept(policy);
    client.resource(policy).create();
    // The policy informer must have it before a run fails, or the run is not covered.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> operator != null && policyCached(ns));
    return new Space(ns);
  }

  private boolean policyCached(String ns) {
    PipelineRecoveryPolicy stored = client.resources(PipelineRecoveryPolicy.class).inNamespace(ns)
        .withName("backend-build-healer").get();
    return stored != null && stored.getStatus() != null && stored.getStatus().getConditions() != null
        && !stored.getStatus().getConditions().isEmpty();
  }

  private PipelineRecoveryPolicy policy(String ns) {
    try (InputStream in = StrictCluster.class.getResourceAsStream("/policies/seed.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      policy.getMetadata().setNamespace(ns);
      policy.getSpec().setFailureThreshold(1);
      policy.getSpec().getSafetyChecks().setCooldownSeconds(0);
      AlertSettings alerts = new AlertSettings();
      alerts.setSecretName(ALERT_SECRET);
      alerts.setChannels(List.of(AlertSettings.Channel.WEBHOOK));
      policy.getSpec().setAlerts(alerts);
      return policy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Maven build of the pipeline: one container {@code build} with 512Mi, backoffLimit 0, restartPolicy Never. */
  static JobSpecBuilder build() {
    return new JobSpecBuilder().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17")
        .withCommand("mvn", "-B", "verify").withNewResources().addToLimits("memory", new Quantity("512Mi"))
        .addToRequests("memory", new Quantity("512Mi")).endResources().endContainer().endSpec().endTemplate();
  }

  /** The same build on node:lts running npm (a floating tag the healer may pin). */
  static JobSpecBuilder node(JobSpecBuilder spec) {
    return spec.editTemplate().editSpec().editFirstContainer().withImage("node:lts")
        .withCommand("sh", "-c", "npm ci && npm test").endContainer().endSpec().endTemplate();
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    kubelet.close();
    client.close();
    cluster.close();
    alerts.close();
  }

  /** One test's namespace: its runs, incidents, Events and alerts. */
  final class Space {
    final String ns;

    private Space(String ns) {
      this.ns = ns;
    }

    Job run(String name, UnaryOperator<JobSpecBuilder> spec) {
      return run(name, Map.of(RunScript.PIPELINE_LABEL, PIPELINE), spec);
    }

    Job run(String name, Map<String, String> labels, UnaryOperator<JobSpecBuilder> spec) {
      Job job = template(name, spec);
      job.getMetadata().setLabels(labels);
      return client.batch().v1().jobs().inNamespace(ns).resource(job).create();
    }

    /** A run of the pipeline, not created yet. */
    Job template(String name, UnaryOperator<JobSpecBuilder> spec) {
      return new JobBuilder()
          .withNewMetadata().withName(name).withNamespace(ns).addToLabels(RunScript.PIPELINE_LABEL, PIPELINE)
          .endMetadata().withSpec(spec.apply(build()).build()).build();
    }

    List<Job> jobs() {
      return client.batch().v1().jobs().inNamespace(ns).list().getItems();
    }

    Optional<Job> job(String name) {
      return Optional.ofNullable(client.batch().v1().jobs().inNamespace(ns).withName(name).get());
    }

    /** The healer's runs of the lineage that starts at {@code root}. */
    List<Job> retries(String root) {
      return jobs().stream()
          .filter(j -> root.equals(Objects.requireNonNullElse(j.getMetadata().getAnnotations(),
              Map.<String, String>of()).get(Labels.RETRY_OF)))
          .toList();
    }

    List<PipelineIncident> incidents() {
      return client.resources(PipelineIncident.class).inNamespace(ns).list().getItems();
    }

    /** The newest incident whose lineage starts at a run named {@code root}. */
    Optional<PipelineIncident> incident(String root) {
      return incidents().stream()
          .filter(i -> i.getSpec() != null && root.equals(i.getSpec().getRootRun()))
          .max(java.util.Comparator.comparing(i -> i.getMetadata().getCreationTimestamp()));
    }

    IncidentStatus awaitOutcome(String root, String outcome, Duration within) {
      try {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
            .until(() -> incident(root).map(PipelineIncident::getStatus).map(s -> outcome.equals(s.outcome))
                .orElse(false));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("no incident of " + root + " became " + outcome + " within " + within + "; "
            + describe(), e);
      }
      return incident(root).orElseThrow().getStatus();
    }

    /** The namespace's incidents, runs and Events, for a failure message. */
    String describe() {
      StringBuilder text = new StringBuilder();
      incidents().forEach(i -> text.append("\nincident ").append(i.getMetadata().getName()).append(": ")
          .append(client.getKubernetesSerialization().asJson(i.getStatus())));
      jobs().forEach(j -> text.append("\njob ").append(j.getMetadata().getName()).append(": ")
          .append(client.getKubernetesSerialization().asJson(j.getStatus())));
      client.v1().events().inNamespace(ns).list().getItems().forEach(e -> text.append("\nevent ")
          .append(e.getInvolvedObject().getName()).append(' ').append(e.getReason()).append(": ")
          .append(e.getMessage()));
      return text.toString();
    }

    /** The whole snapshot the brain was given for the run of that name. */
    FailureSnapshot snapshot(String run) {
      return Objects.requireNonNull(snapshots.get(ns + "/" + run), "no snapshot of " + run);
    }

    PipelineRecoveryPolicy policy() {
      return client.resources(PipelineRecoveryPolicy.class).inNamespace(ns).withName("backend-build-healer").get();
    }

    List<Event> events(String reason) {
      return client.v1().events().inNamespace(ns).list().getItems().stream()
          .filter(e -> reason.equals(e.getReason()))
          .toList();
    }

    /** The bodies the alert webhook of this namespace received. */
    List<String> alerts() {
      return StrictCluster.this.alerts.bodies.stream().filter(b -> b.contains(ns)).toList();
    }
  }
}
