package ai.rodytech.healer.e2e;

import static org.awaitility.Awaitility.await;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.operator.run.RunKind;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real cluster (the one of KUBECONFIG) for the end-to-end tests of every run kind: the healer's three CRDs applied
 * and Established, a namespace of the test's own (deleted after) whose default service account exists, the operator
 * watching it. A test of an engine whose CRD the cluster does not serve is skipped, saying so.
 */
final class EngineCluster implements AutoCloseable {
  /** The opt-in, besides KUBECONFIG: {@code mvn test -Dhealer.e2e=true -Dtest='*E2E'}. */
  static final String OPT_IN = "healer.e2e";
  /** {@code -Dhealer.e2e.keep=true} leaves the test's namespace in place, to look at after a failure. */
  private static final String KEEP = "healer.e2e.keep";
  /** How long the API server may take to serve a CRD, and the service account controller to fill a namespace. */
  private static final Duration SETUP = Duration.ofMinutes(1);
  private static final Duration AFTER_RESTART = Duration.ofSeconds(15);
  private static final List<String> CRDS = List.of("pipelinerecoverypolicies.rodytech.ai-v1.yml",
      "pipelineincidents.rodytech.ai-v1.yml", "pipelinehistories.rodytech.ai-v1.yml");

  final KubernetesClient client = new KubernetesClientBuilder().build();
  final String namespace;
  private HealerOperator operator;

  /** For Jobs: every cluster serves batch/v1. */
  EngineCluster(String prefix) {
    this.namespace = uniqueName(prefix);
    install();
  }

  /** For a kind defined by an engine's CRD: skipped when the cluster does not serve it. */
  EngineCluster(String prefix, String apiVersion, String kind, String engine) {
    this.namespace = uniqueName(prefix);
    if (!serves(apiVersion, kind)) {
      client.close();
      Assumptions.abort(engine + " is not installed in the cluster of KUBECONFIG (" + apiVersion + " " + kind
          + " is not served): the " + engine + " end-to-end test is skipped");
    }
    install();
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  private boolean serves(String apiVersion, String kind) {
    try {
      APIResourceList list = client.getApiResources(apiVersion);
      return list != null && list.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /**
   * The CRDs of this build (forced over whatever an earlier install left), each waited for until the API server
   * serves it: the operator's informers fail at start on a kind not yet served. Pods of a namespace whose default
   * service account the controller has not created yet are refused, so that is waited for too.
   */
  private void install() {
    try {
      applyCrds();
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .build()).create();
      client.serviceAccounts().inNamespace(namespace).withName("default")
          .waitUntilCondition(Objects::nonNull, SETUP.toSeconds(), TimeUnit.SECONDS);
      start();
    } catch (RuntimeException e) {
      try {
        close();
      } catch (RuntimeException cleanUp) {
        e.addSuppressed(cleanUp);
      }
      throw e;
    }
  }

  private void applyCrds() {
    for (String file : CRDS) {
      CustomResourceDefinition crd;
      try (InputStream in = EngineCluster.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
        if (in == null) {
          throw new IllegalStateException("/META-INF/fabric8/" + file + " is missing: the CRD generator runs at"
              + " compile time (mvn test-compile)");
        }
        crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      client.resource(crd).forceConflicts().serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(EngineCluster::established, SETUP.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  void start() {
    SecretRedactor redactor = new SecretRedactor();
    RulesBrain rules = new RulesBrain(SignatureCatalog.builtIn(), redactor);
    operator = HealerOperator.start(client, OperatorSettings.defaults().withNamespaces(Set.of(namespace))
        .withReconcileThreads(4), new HealerOperator.Services(p -> rules, null, redactor, new SimpleMeterRegistry(),
        Clock.systemUTC()));
  }

  /**
   * Stops the operator, starts a new one (it lists every run again) and waits longer than the seed policy's cooldown
   * (10 s): a second heal decided after the restart would exist by then.
   */
  void restartAndSettle() throws InterruptedException {
    operator.close();
    start();
    Thread.sleep(AFTER_RESTART.toMillis());
  }

  void applySeedPolicy() {
    try (InputStream in = EngineCluster.class.getResourceAsStream("/policies/seed.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      client.resource(policy).inNamespace(namespace).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GenericKubernetesResource create(JsonNode object) {
    GenericKubernetesResource resource =
        client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    return client.genericKubernetesResources(resource.getApiVersion(), resource.getKind()).inNamespace(namespace)
        .resource(resource).create();
  }

  /**
   * Starts a run named {@code name} of {@code pipeline}, which the run references by its spec's {@code refField}
   * (Tekton's pipelineRef, Argo's workflowTemplateRef), and waits until its engine has finished it.
   */
  <R extends HasMetadata> void runToTheEnd(RunKind<R> kind, String name, String refField, String pipeline) {
    ObjectNode run = new YAMLMapper().createObjectNode();
    run.put("apiVersion", kind.apiVersion()).put("kind", kind.kind()).putObject("metadata").put("name", name);
    run.putObject("spec").putObject(refField).put("name", pipeline);
    create(run);
    await().atMost(Duration.ofMinutes(3)).until(() -> {
      R now = client.resources(kind.type()).inNamespace(namespace).withName(name).get();
      return now != null && kind.state(now).finished();
    });
  }

  /** The runs the healer created in the lineage that {@code root} started. */
  List<GenericKubernetesResource> healsOf(String apiVersion, String kind, String root) {
    return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).list().getItems().stream()
        .filter(r -> r.getMetadata().getAnnotations() != null
            && root.equals(r.getMetadata().getAnnotations().get(Labels.RETRY_OF)))
        .toList();
  }

  /** The incidents that record the lineage {@code root} started: one at most, whatever happened since. */
  List<PipelineIncident> incidentsOf(String root) {
    return client.resources(PipelineIncident.class).inNamespace(namespace).list().getItems().stream()
        .filter(i -> i.getSpec() != null && root.equals(i.getSpec().getRootRun()))
        .toList();
  }

  String outcome(String root) {
    return incidentsOf(root).stream()
        .map(i -> Optional.ofNullable(i.getStatus()).map(s -> s.outcome).orElse(null))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** The Events with this reason on the object of this name. */
  List<Event> events(String reason, String object) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()) && e.getInvolvedObject() != null
            && object.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    if (!Boolean.getBoolean(KEEP)) {
      client.namespaces().withName(namespace).delete();
    }
    client.close();
  }
}
