package ai.rodytech.healer.demo;

import ai.rodytech.healer.alert.AlertDispatchers;
import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.llm.Brains;
import ai.rodytech.healer.llm.LlmSettings;
import ai.rodytech.healer.operator.BrainSelector;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SimulatedKubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the demo runs in this process: the in-memory API server, the simulated kubelet, the on-call
 * person's inbox, a scripted model, and the real operator connected to that API like to any cluster (the rules
 * brain with the built-in signatures, secret redaction, the standard alert channels).
 */
public final class DemoWorld implements AutoCloseable {
  private final InProcessCluster cluster;
  private final KubernetesClient client;
  private final AlertInbox inbox;
  private final ScriptedModel model;
  private final SimulatedKubelet kubelet;
  private final HealerOperator operator;
  private final Duration operatorStartup;

  private DemoWorld(
      InProcessCluster cluster, AlertInbox inbox, ScriptedModel model, SimulatedKubelet kubelet,
      HealerOperator operator, Duration operatorStartup) {
    this.cluster = cluster;
    this.client = cluster.newClient();
    this.inbox = inbox;
    this.model = model;
    this.kubelet = kubelet;
    this.operator = operator;
    this.operatorStartup = operatorStartup;
  }

  /** Starts the world; each scenario's runs end as its script says, in the scenario's namespace. */
  public static DemoWorld start(List<Scenario> scenarios, Pace pace) {
    AlertInbox inbox = AlertInbox.start();
    ScriptedModel model = ScriptedModel.alwaysCalling(Scenarios.MODEL_TOOL, Scenarios.MODEL_ARGUMENTS);
    InProcessCluster cluster = InProcessCluster.start();
    Map<String, RunScript> scripts = new HashMap<>();
    scenarios.forEach(s -> scripts.put(s.namespace(), s.script()));
    RunScript unknown = RunScript.always(RunOutcome.succeeded("", Duration.ZERO));
    SimulatedKubelet kubelet = SimulatedKubelet.builder(cluster)
        .script(job -> scripts.getOrDefault(job.getMetadata().getNamespace(), unknown).run(job))
        .speed(pace.speed())
        .start();
    long start = System.nanoTime();
    HealerOperator.Services services = services(model);
    HealerOperator operator =
        HealerOperator.start(cluster.newClient(), OperatorSettings.defaults().forMockServer(), services);
    return new DemoWorld(cluster, inbox, model, kubelet, operator, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * As {@code healer run} assembles them, with the scripted model as the LLM provider. Policies that do not
   * name a brain get the rules brain: the scripted model knows one answer, which is only for the policy that
   * asks for it.
   */
  private static HealerOperator.Services services(ScriptedModel model) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Redactor redactor = new SecretRedactor();
    Optional<LlmSettings> llm = LlmSettings.fromEnvironment(Map.of(
        "HEALER_LLM_PROVIDER", "openai",
        "HEALER_LLM_BASE_URL", model.baseUrl(),
        "HEALER_LLM_MODEL", "scripted-demo-model",
        "HEALER_LLM_MAX_RETRIES", "0"));
    RulesBrain rules = new RulesBrain(SignatureCatalog.builtIn(), redactor);
    Brains brains = Brains.create(llm, rules, redactor, registry);
    return new HealerOperator.Services(
        BrainSelector.of(policy -> brains.forChoice(brainOf(policy)), rules),
        AlertDispatchers.standard(registry, redactor),
        redactor,
        registry,
        Clock.systemUTC());
  }

  private static BrainChoice brainOf(PipelineRecoveryPolicy policy) {
    BrainChoice chosen = policy.getSpec() == null ? null : policy.getSpec().getBrain();
    return chosen == null ? BrainChoice.RULES : chosen;
  }

  public KubernetesClient client() {
    return client;
  }

  public AlertInbox inbox() {
    return inbox;
  }

  public ScriptedModel model() {
    return model;
  }

  /** How long the operator took to start and sync its caches. */
  public Duration operatorStartup() {
    return operatorStartup;
  }

  @Override
  public void close() {
    operator.close();
    kubelet.close();
    client.close();
    cluster.close();
    inbox.close();
    model.close();
  }
}
