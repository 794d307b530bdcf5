package ai.rodytech.healer.demo;

import ai.rodytech.healer.alert.AlertDispatchers;
import ai.rodytech.healer.api.BrainChoice;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.redact.SecretRedactor;
import ai.rodytech.healer.llm.Brains;
import ai.rodytech.healer.llm.LlmSettings;
import ai.rodytech.healer.operator.decide.BrainSelector;
import ai.rodytech.healer.operator.HealerOperator;
import ai.rodytech.healer.operator.OperatorClient;
import ai.rodytech.healer.operator.OperatorSettings;
import ai.rodytech.healer.operator.run.argo.Workflow;
import ai.rodytech.healer.operator.run.tekton.PipelineRun;
import ai.rodytech.healer.rules.RulesBrain;
import ai.rodytech.healer.rules.SignatureCatalog;
import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SimulatedKubelet;
import ai.rodytech.healer.sim.argo.SimulatedArgo;
import ai.rodytech.healer.sim.engine.SimulatedEngine;
import ai.rodytech.healer.sim.engine.StepScript;
import ai.rodytech.healer.sim.tekton.SimulatedTekton;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the demo runs in this process: the in-memory API server, the simulated kubelet and — when a scenario
 * plays PipelineRuns or Workflows — the simulated Tekton and Argo controllers, the on-call person's inbox, a
 * scripted model, and the real operator connected to that API like to any cluster (the rules brain with the
 * built-in signatures, secret redaction, the standard alert channels).
 */
public final class DemoWorld implements AutoCloseable {
  /** How long a corrective run may take to start, at normal pace. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(2);
  /** How often at most the operator writes a policy's aggregates and a pipeline's run ledger. */
  static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);
  private final InProcessCluster cluster;
  private final KubernetesClient client;
  private final AlertInbox inbox;
  private final ScriptedModel model;
  private final SimulatedKubelet kubelet;
  private final List<SimulatedEngine> engines;
  private final HealerOperator operator;
  private final Duration operatorStartup;
  private final DemoKinds kinds;

  private DemoWorld(
      InProcessCluster cluster, AlertInbox inbox, ScriptedModel model, SimulatedKubelet kubelet,
      List<SimulatedEngine> engines, HealerOperator operator, Duration operatorStartup) {
    this.cluster = cluster;
    this.client = cluster.newClient();
    this.inbox = inbox;
    this.model = model;
    this.kubelet = kubelet;
    this.engines = engines;
    this.operator = operator;
    this.operatorStartup = operatorStartup;
    this.kinds = new DemoKinds(client);
  }

  /** Starts the world; each scenario's runs end as its script says, in the scenario's namespace. */
  public static DemoWorld start(List<Scenario> scenarios, Pace pace) {
    AlertInbox inbox = AlertInbox.start();
    ScriptedModel model = ScriptedModel.alwaysCalling(Scenarios.MODEL_TOOL, Scenarios.MODEL_ARGUMENTS);
    InProcessCluster cluster = InProcessCluster.start();
    Map<String, RunScript> jobScripts = new HashMap<>();
    Map<String, Map<String, StepScript>> stepScripts = new HashMap<>();
    for (Scenario s : scenarios) {
      if (s.runs() instanceof Runs.Jobs jobs) {
        jobScripts.put(s.namespace(), jobs.script());
      } else if (s.runs() instanceof Runs.Engine engine) {
        stepScripts.computeIfAbsent(engine.runKind(), k -> new HashMap<>()).put(s.namespace(), engine.script());
      }
    }
    RunScript unknown = RunScript.always(RunOutcome.succeeded("", Duration.ZERO));
    SimulatedKubelet kubelet = SimulatedKubelet.builder(cluster)
        .script(job -> jobScripts.getOrDefault(job.getMetadata().getNamespace(), unknown).run(job))
        .speed(pace.speed())
        .start();
    List<SimulatedEngine> engines = new ArrayList<>();
    Optional.ofNullable(stepScripts.get(PipelineRun.KIND)).ifPresent(byNamespace -> engines.add(
        SimulatedTekton.builder(cluster).script(byNamespace(byNamespace)).speed(pace.speed())
            .namespaces(byNamespace.keySet().toArray(String[]::new)).start()));
    Optional.ofNullable(stepScripts.get(Workflow.KIND)).ifPresent(byNamespace -> engines.add(
        SimulatedArgo.builder(cluster).script(byNamespace(byNamespace)).speed(pace.speed())
            .namespaces(byNamespace.keySet().toArray(String[]::new)).start()));
    long start = System.nanoTime();
    HealerOperator.Services services = services(model);
    // A corrective run whose pods never start (stuck-heal) is a failed heal after seconds, not ten minutes. A run
    // ledger written every second rather than every five lets the history scenarios show what it learnt at once.
    OperatorSettings settings = OperatorSettings.defaults().forMockServer()
        .withStartTimeout(pace.patience(START_TIMEOUT))
        .withStatusInterval(STATUS_INTERVAL);
    HealerOperator operator = HealerOperator.start(OperatorClient.build(cluster.config()), settings, services);
    return new DemoWorld(cluster, inbox, model, kubelet, engines, operator,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static StepScript byNamespace(Map<String, StepScript> scripts) {
    return step -> scripts.getOrDefault(step.namespace(), StepScript.succeeding()).run(step);
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

  /** Reads runs of any kind as the operator does. */
  DemoKinds kinds() {
    return kinds;
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
    engines.forEach(SimulatedEngine::close);
    client.close();
    cluster.close();
    inbox.close();
    model.close();
  }
}
