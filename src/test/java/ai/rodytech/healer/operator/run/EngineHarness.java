package ai.rodytech.healer.operator.run;

import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.OperatorClient;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SimulatedKubelet;
import ai.rodytech.healer.sim.argo.SimulatedArgo;
import ai.rodytech.healer.sim.engine.StepScript;
import ai.rodytech.healer.sim.tekton.SimulatedTekton;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real operator (rules brain, built-in signatures) against the in-process API server with the simulated
 * Tekton and Argo controllers and kubelet, for end-to-end tests of every run kind. Each engine's script can be
 * replaced while the world runs; simulated time runs {@link #SPEED} times faster.
 */
public final class EngineHarness implements AutoCloseable {
  public static final String NS = "ci";
  public static final double SPEED = 50;

  public final InProcessCluster cluster = InProcessCluster.start();
  public final KubernetesClient client = cluster.newClient();
  private volatile StepScript steps = StepScript.succeeding();
  private volatile RunScript jobs = RunScript.always(RunOutcome.succeeded("done\n", Duration.ofSeconds(1)));
  private final SimulatedTekton tekton =
      SimulatedTekton.builder(cluster).script(s -> steps.run(s)).speed(SPEED).namespaces(NS).start();
  private final SimulatedArgo argo =
      SimulatedArgo.builder(cluster).script(s -> steps.run(s)).speed(SPEED).namespaces(NS).start();
  private final SimulatedKubelet kubelet =
      SimulatedKubelet.builder(cluster).script(j -> jobs.run(j)).speed(SPEED).namespaces(NS).start();
  private HealerOperator operator;

  public EngineHarness() {
    start();
  }

  public void steps(StepScript script) {
    steps = script;
  }

  public void jobs(RunScript script) {
    jobs = script;
  }

  public void start() {
    SecretRedactor redactor = new SecretRedactor();
    RulesBrain rules = new RulesBrain(SignatureCatalog.builtIn(), redactor);
    operator = HealerOperator.start(OperatorClient.build(cluster.config()), OperatorSettings.defaults().forMockServer(),
        new HealerOperator.Services(p -> rules, null, redactor, new SimpleMeterRegistry(), Clock.systemUTC()));
  }

  public void restart() {
    operator.close();
    start();
  }

  /** The article's policy (test resource policies/seed.yaml), edited. */
  public PipelineRecoveryPolicy applySeedPolicy(Consumer<PipelineRecoveryPolicy> edit) {
    try (InputStream in = EngineHarness.class.getResourceAsStream("/policies/seed.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      edit.accept(policy);
      return client.resource(policy).inNamespace(NS).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a YAML test resource, as trees. */
  public static List<ObjectNode> documents(String resource) {
    return RunFixtures.documents(resource);
  }

  /** Creates an object of any kind from its tree in the test namespace. */
  public GenericKubernetesResource create(JsonNode object) {
    GenericKubernetesResource resource = client.getKubernetesSerialization()
        .convertValue(object, GenericKubernetesResource.class);
    resource.getMetadata().setNamespace(NS);
    return client.genericKubernetesResources(resource.getApiVersion(), resource.getKind()).inNamespace(NS)
        .resource(resource).create();
  }

  public GenericKubernetesResource get(String apiVersion, String kind, String name) {
    return client.genericKubernetesResources(apiVersion, kind).inNamespace(NS).withName(name).get();
  }

  /** Waits until the named run's state, read by its kind, is finished; returns that state. */
  public <R extends io.fabric8.kubernetes.api.model.HasMetadata> RunState awaitFinished(RunKind<R> kind,
      String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      R run = client.resources(kind.type()).inNamespace(NS).withName(name).get();
      return run != null && kind.state(run).finished();
    });
    return kind.state(client.resources(kind.type()).inNamespace(NS).withName(name).get());
  }

  /** The runs of a kind the healer created for the lineage that starts at {@code root}, oldest first. */
  public List<GenericKubernetesResource> correctiveRuns(String apiVersion, String kind, String root) {
    return client.genericKubernetesResources(apiVersion, kind).inNamespace(NS).list().getItems().stream()
        .filter(r -> r.getMetadata().getAnnotations() != null
            && root.equals(r.getMetadata().getAnnotations().get(Labels.RETRY_OF)))
        .sorted(Comparator.comparing(r -> r.getMetadata().getName()))
        .toList();
  }

  /** The newest incident whose lineage starts at {@code root}, or null. */
  public PipelineIncident incident(String root) {
    return client.resources(PipelineIncident.class).inNamespace(NS).list().getItems().stream()
        .filter(i -> i.getSpec() != null && root.equals(i.getSpec().getRootRun()))
        .max(Comparator.comparing(i -> i.getMetadata().getCreationTimestamp()))
        .orElse(null);
  }

  public String outcome(String root) {
    PipelineIncident incident = incident(root);
    return incident == null || incident.getStatus() == null ? null : incident.getStatus().outcome;
  }

  public List<Event> events(String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    tekton.close();
    argo.close();
    kubelet.close();
    client.close();
    cluster.close();
  }
}
