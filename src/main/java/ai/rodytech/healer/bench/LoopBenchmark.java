package ai.rodytech.healer.bench;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.operator.Labels;
import ai.rodytech.healer.operator.report.PolicyStatusAggregator;
import ai.rodytech.healer.sim.InProcessCluster;
import ai.rodytech.healer.sim.RequestLog;
import ai.rodytech.healer.sim.RunOutcome;
import ai.rodytech.healer.sim.RunScript;
import ai.rodytech.healer.sim.SampleLogs;
import ai.rodytech.healer.sim.SimulatedKubelet;
import ai.rodytech.healer.sim.argo.SimulatedArgo;
import ai.rodytech.healer.sim.engine.SimulatedEngine;
import ai.rodytech.healer.sim.engine.StepScript;
import ai.rodytech.healer.sim.tekton.SimulatedTekton;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The healing loop at scale: many runs fail at the same instant and the benchmark measures, inside the API
 * server, the time from each failure being written to the healer's corrective run being created. The runs are Jobs,
 * Tekton PipelineRuns or Argo Workflows ({@link LoopRunKind}). The in-process API server, the simulated kubelet
 * (playing the job controller) and the simulated Tekton and Argo controllers run in this JVM, the real operator
 * with the rules brain in a JVM of its own ({@link OperatorProbe}), so that its CPU is counted apart.
 */
public final class LoopBenchmark implements AutoCloseable {
  private static final Duration GIVE_UP = Duration.ofMinutes(3);
  /** The operator JVM's CPU that no Java thread accounts for. */
  public static final String JVM_ITSELF = "JVM itself: GC, JIT (process - threads)";
  /** The JIT compilers' time, elapsed, part of the line above. */
  public static final String JIT_TIME = "  of which JIT compiling (elapsed)";
  /** Garbage collection's time, elapsed (the Serial collector stops the operator meanwhile). */
  public static final String GC_TIME = "  of which garbage collection (elapsed)";
  /** The JIT compiler threads' CPU (Linux's per-thread accounting), part of {@link #JVM_ITSELF}. */
  public static final String JIT_CPU = "  of which the JIT compiler threads' CPU";


  /** What one burst showed. */
  public record Burst(
      int runs, int pipelines, List<Long> latenciesNanos, int failures, double failureSpreadSeconds,
      double incidentsPerSecond, Map<String, Double> cpuSeconds, Map<String, Double> callsPerIncident,
      Map<String, Double> operatorCallsPerIncident, double ledgerWritesPerRun, long largestPolicyStatusBytes,
      double healsPerSecond, long operatorAllocatedBytes) {

    public Burst(int runs, int pipelines, List<Long> latenciesNanos, int failures, double failureSpreadSeconds,
        double incidentsPerSecond, Map<String, Double> cpuSeconds, Map<String, Double> callsPerIncident) {
      this(runs, pipelines, latenciesNanos, failures, failureSpreadSeconds, incidentsPerSecond, cpuSeconds,
          callsPerIncident, Map.of(), 0, 0, 0, 0);
    }

    /** The operator's own API calls per healed failure (the simulators' left out), all resources. */
    public double operatorCalls() {
      return operatorCallsPerIncident.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The operator's CPU per incident (the JIT compiler threads included), in milliseconds. */
    public double operatorCpuMillisPerIncident() {
      return perIncident(cpuSeconds.getOrDefault("operator JVM", 0.0)) * 1000;
    }

    /** Of that, the JIT compiler threads' CPU per incident in milliseconds; 0 where they cannot be read. */
    public double jitCpuMillisPerIncident() {
      return perIncident(cpuSeconds.getOrDefault("operator: " + JIT_CPU, 0.0)) * 1000;
    }

    /** The operator's CPU per incident without its JIT compiler threads (a long-running operator's), in ms. */
    public double operatorCpuMillisWithoutJit() {
      return operatorCpuMillisPerIncident() - jitCpuMillisPerIncident();
    }

    /** Whether the JIT compiler threads' CPU was read (Linux's per-thread accounting). */
    public boolean jitCpuKnown() {
      return cpuSeconds.containsKey("operator: " + JIT_CPU);
    }

    /** The bytes the operator's threads allocated per incident, in KiB. */
    public double operatorAllocatedKbPerIncident() {
      return perIncident(operatorAllocatedBytes) / 1024.0;
    }

    private double perIncident(double total) {
      return total / Math.max(1, latenciesNanos.size());
    }

    /** The CPU seconds of the JVM that runs the API server and the simulators (kubelet, engines). */
    public double clusterCpuSeconds() {
      return cpuSeconds.entrySet().stream()
          .filter(e -> e.getKey().startsWith("API server") && e.getKey().endsWith(" JVM"))
          .mapToDouble(Map.Entry::getValue).sum();
    }

    public long percentileMillis(double p) {
      if (latenciesNanos.isEmpty()) {
        return -1;
      }
      List<Long> sorted = new ArrayList<>(latenciesNanos);
      Collections.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
      return Duration.ofNanos(sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)))).toMillis();
    }

    /** Runs whose failure was written but never got a corrective run in time. */
    public int unhealed() {
      return failures - latenciesNanos.size();
    }
  }

  private final World world;
  private int bursts;

  private LoopBenchmark(World world) {
    this.world = world;
  }

  /**
   * Starts the API server, the kubelet, the simulated engines that {@code kinds} need, and the operator in its own
   * JVM with {@code reconcileThreads}.
   */
  public static LoopBenchmark start(int reconcileThreads, java.util.Collection<LoopRunKind> kinds) throws IOException {
    return new LoopBenchmark(new World(reconcileThreads, java.util.EnumSet.copyOf(kinds)));
  }

  /**
   * Gives every Workflow created from now on Argo's pod GC with this strategy (OnPodCompletion, OnPodSuccess,
   * OnWorkflowCompletion, OnWorkflowSuccess) and its default delay, 5 s after a pod ended: a heal then needs the log
   * the operator's pod watch read before the pod went.
   */
  public LoopBenchmark podGc(String strategy) {
    world.podGc = strategy;
    return this;
  }

  /** The JVM options the operator's process gets (those of its pod). */
  public static List<String> operatorJvm() {
    return OperatorProcess.POD_JVM;
  }

  /** How long the operator's JVM took from process start to caches in sync, and the operator alone. */
  public long operatorReadyMillis() {
    return world.operator.readyMillis();
  }

  /** What the operator holds after the runs so far: its live heap and what the cluster has for it to cache. */
  public record Held(long heapBytes, int jobs, int pods, int incidents) {}

  /** The operator's live heap (after a full collection) and the Jobs, pods and incidents in the cluster. */
  public Held held() throws IOException {
    return new Held(world.operator.heapAfterGc(),
        world.client.batch().v1().jobs().inAnyNamespace().list().getItems().size(),
        world.client.pods().inAnyNamespace().list().getItems().size(),
        world.client.resources(PipelineIncident.class).inAnyNamespace().list().getItems().size());
  }

  /**
   * {@code runs} runs of {@code kind} of {@code pipelines} pipelines (one policy each, in a namespace of their own)
   * all fail at the same instant; waits until every one has its corrective run.
   */
  public Burst burst(LoopRunKind kind, int runs, int pipelines) throws InterruptedException, IOException {
    return burst(kind, runs, pipelines, false);
  }

  /**
   * The same burst with the operator's process stopped (SIGSTOP) while the runs fail and continued once every
   * failure is written: how fast the operator works through failures that are all there already, the simulator's
   * pace of writing them out of the way. Latencies count from the later of the failure and the continuation.
   */
  public Burst caughtUp(LoopRunKind kind, int runs, int pipelines) throws InterruptedException, IOException {
    return burst(kind, runs, pipelines, true);
  }

  private Burst burst(LoopRunKind kind, int runs, int pipelines, boolean paused)
      throws InterruptedException, IOException {
    // What came before (the last burst's corrective runs finishing, the operator recording them) is done.
    world.operator.awaitIdle(Duration.ofMillis(500), Duration.ofMinutes(2));
    String ns = "burst-" + (++bursts);
    WriteClock clock = new WriteClock(kind);
    world.cluster.setAdmission(clock);
    world.prerequisites(kind, ns, pipelines);
    world.policies(ns, pipelines);
    // Every run starts at once and all end at the same instant, after the kubelet has had time to start them.
    world.ends.put(ns, System.nanoTime() + Duration.ofMillis(2000 + 10L * runs).toNanos());
    world.createRuns(kind, ns, runs, pipelines);
    Thread.sleep(Math.max(0, Duration.ofNanos(world.ends.get(ns) - System.nanoTime()).toMillis() - 200));
    Map<RequestLog.ApiCall, Long> callsBefore = world.cluster.requests().snapshot();
    OperatorProcess.Cpu operatorBefore = world.operator.cpu();
    double thisProcessBefore = processCpuSeconds();
    boolean engines = !world.engines.isEmpty();
    try (CpuByThread cpu = new CpuByThread(thread -> group(thread, engines))) {
      long deadline = System.nanoTime() + GIVE_UP.toNanos();
      long from = 0;
      if (paused) {
        world.operator.signal("STOP");
        try {
          while (clock.failures() < runs && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
        } finally {
          from = System.nanoTime();
          world.operator.signal("CONT");
        }
      }
      while ((clock.failures() < runs || clock.corrections() < clock.failures()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      // The heals finish too: the corrective runs succeed and the operator records them (the incident Healed, its
      // Event, the coalesced status and ledger writes), so the calls counted are those of whole healed failures.
      long healedBy = System.nanoTime() + GIVE_UP.toNanos();
      while (world.finished() < world.accepted() && System.nanoTime() < healedBy) {
        Thread.sleep(50);
      }
      world.operator.awaitIdle(Duration.ofMillis(1500), Duration.ofMinutes(2));
      OperatorProcess.Cpu operatorAfter = world.operator.cpu();
      Map<String, Double> cpuSeconds = new java.util.LinkedHashMap<>();
      // The benchmark's own sampling thread runs in the operator's JVM: its CPU is the measurement's, not the
      // operator's. What no Java thread accounts for is the JVM's own work: garbage collection, JIT compilation.
      Map<String, Double> groups = new java.util.LinkedHashMap<>();
      operatorAfter.byGroup().forEach((group, seconds) -> groups.merge(group,
          seconds - operatorBefore.byGroup().getOrDefault(group, 0.0), Double::sum));
      double process = operatorAfter.processSeconds() - operatorBefore.processSeconds();
      double sampler = groups.getOrDefault(CpuByThread.SAMPLER, 0.0);
      cpuSeconds.put("operator JVM", process - sampler);
      groups.forEach((group, seconds) -> {
        if (!group.equals(CpuByThread.SAMPLER)) {
          cpuSeconds.put("operator: " + group, seconds);
        }
      });
      cpuSeconds.put("operator: " + JVM_ITSELF,
          process - groups.values().stream().mapToDouble(Double::doubleValue).sum());
      cpuSeconds.put("operator: " + JIT_TIME, operatorAfter.jitSeconds() - operatorBefore.jitSeconds());
      cpuSeconds.put("operator: " + GC_TIME, operatorAfter.gcSeconds() - operatorBefore.gcSeconds());
      if (operatorAfter.jitCpuSeconds() >= 0 && operatorBefore.jitCpuSeconds() >= 0) {
        cpuSeconds.put("operator: " + JIT_CPU, operatorAfter.jitCpuSeconds() - operatorBefore.jitCpuSeconds());
      }
      String here = engines ? "API server + simulators" : "API server + kubelet";
      cpuSeconds.put(here + " JVM", processCpuSeconds() - thisProcessBefore);
      cpu.seconds().forEach((group, seconds) -> cpuSeconds.put(here + ": " + group, seconds));
      double seconds = (clock.lastCorrection() - Math.max(from, clock.firstFailure())) / 1e9;
      Map<RequestLog.ApiCall, Long> callsAfter = world.cluster.requests().snapshot();
      int incidents = Math.max(1, clock.corrections());
      Map<String, Double> operatorCalls = callsPerIncident(callsBefore, callsAfter, incidents, true);
      double ledgerWrites = operatorCalls.entrySet().stream()
          .filter(e -> e.getKey().contains("pipelinehistories") && !e.getKey().startsWith("GET"))
          .mapToDouble(Map.Entry::getValue).sum() * incidents / (2.0 * runs);
      return new Burst(runs, pipelines, clock.latencies(from), clock.failures(),
          (clock.lastFailure() - clock.firstFailure()) / 1e9, clock.corrections() / seconds, cpuSeconds,
          callsPerIncident(callsBefore, callsAfter, incidents, false), operatorCalls, ledgerWrites,
          world.largestPolicyStatus(),
          clock.heals() / ((clock.lastHeal() - Math.max(from, clock.firstFailure())) / 1e9),
          operatorAfter.allocatedBytes() - operatorBefore.allocatedBytes());
    }
  }

  /** {@code times} single failures of {@code kind}, one after the other, each once the previous one was corrected. */
  public Burst oneAtATime(LoopRunKind kind, int times) throws InterruptedException, IOException {
    world.operator.awaitIdle(Duration.ofMillis(500), Duration.ofMinutes(2));
    String ns = kind.singlesNamespace();
    WriteClock clock = new WriteClock(kind);
    world.cluster.setAdmission(clock);
    world.prerequisites(kind, ns, 1);
    world.policies(ns, 1);
    for (int i = 1; i <= times; i++) {
      world.ends.put(ns, System.nanoTime() + Duration.ofMillis(100).toNanos());
      world.create(kind, ns, i, 1);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (clock.corrections() < i && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      Thread.sleep(200);
    }
    return new Burst(1, 1, clock.latencies(), clock.failures(), 0, 0, Map.of(), Map.of());
  }

  @Override
  public void close() {
    world.close();
  }

  /**
   * API calls per incident, by verb and resource (names and namespaces left out), watches not counted: every
   * client's, or only the operator's (told apart by its User-Agent).
   */
  private static Map<String, Double> callsPerIncident(
      Map<RequestLog.ApiCall, Long> before, Map<RequestLog.ApiCall, Long> after, int incidents,
      boolean operatorOnly) {
    Map<String, Double> perIncident = new java.util.TreeMap<>();
    after.forEach((call, count) -> {
      long delta = count - before.getOrDefault(call, 0L);
      boolean operators = call.agent() != null && call.agent().startsWith(RequestLog.OPERATOR_AGENT);
      if (delta > 0 && !call.watch() && (!operatorOnly || operators)) {
        perIncident.merge(call.verb() + (call.dryRun() ? " (dry run) " : " ") + resource(call.path()),
            delta / (double) incidents, Double::sum);
      }
    });
    return perIncident;
  }

  /** /apis/batch/v1/namespaces/ci/jobs/x/status as jobs/{name}/status. */
  static String resource(String path) {
    String[] segments = path.split("/");
    int ns = java.util.Arrays.asList(segments).indexOf("namespaces");
    if (ns < 0 || segments.length <= ns + 2) {
      return path;
    }
    StringBuilder out = new StringBuilder(segments[ns + 2]);
    if (segments.length > ns + 3) {
      out.append("/{name}");
    }
    for (int i = ns + 4; i < segments.length; i++) {
      out.append('/').append(segments[i]);
    }
    return out.toString();
  }

  private static double processCpuSeconds() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : 0;
  }

  /**
   * This JVM's threads: the API server (Vert.x), the kubelet, the engines (when {@code engines} run) and their
   * watches, the benchmark's own client and the rest.
   */
  static String group(String thread, boolean engines) {
    if (thread.startsWith("vert.x")) {
      return "API server, HTTP (mock, Vert.x)";
    }
    // The simulated controllers' calls are served in process, on their own threads (sim/ClusterCalls).
    if (thread.startsWith("sim-kubelet")) {
      return "kubelet, serving its own calls";
    }
    if (thread.startsWith("sim-tekton")) {
      return "Tekton controller, serving its calls";
    }
    if (thread.startsWith("sim-argo")) {
      return "Argo controller, serving its calls";
    }
    // The simulated controllers watch in process (InProcessCluster#watch), each watch on a thread of its own.
    if (thread.startsWith("sim-watch")) {
      return engines ? "their in-process watches" : "kubelet's in-process watches";
    }
    if (thread.startsWith("JdkHttpClientFactory") || thread.startsWith("HttpClient-")) {
      return "the benchmark's own HTTP client (writing failures)";
    }
    return "other";
  }

  static Job run(String namespace, int number, int pipelines) {
    String pipeline = LoopRunKind.pipeline(number % pipelines);
    return new JobBuilder()
        .withNewMetadata().withName(pipeline + "-run-" + number).withNamespace(namespace)
        .addToLabels(Labels.PIPELINE, pipeline).endMetadata()
        .withNewSpec().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("node:20").withCommand("sh", "-c", "npm ci && npm test")
        .withNewResources().addToLimits("memory", new Quantity("512Mi")).addToRequests("memory", new Quantity("512Mi"))
        .endResources().endContainer().endSpec().endTemplate().endSpec()
        .build();
  }

  /** The article's policy for one pipeline, acting on the first failure so that every failed run is healed. */
  static PipelineRecoveryPolicy policy(KubernetesClient client, String namespace, String pipeline) {
    try (InputStream in = LoopBenchmark.class.getResourceAsStream("/demo/seed-policy.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(in, PipelineRecoveryPolicy.class);
      policy.getMetadata().setName(pipeline + "-healer");
      policy.getMetadata().setNamespace(namespace);
      policy.getSpec().setTargetPipeline(pipeline);
      policy.getSpec().setFailureThreshold(1);
      // Every failure is to be healed: the hourly cap (10 by default) would refuse the 11th heal of a pipeline.
      policy.getSpec().getSafetyChecks().setMaxHealsPerHour(1000);
      return policy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API server, the kubelet and the engines in this JVM, the operator in its own. */
  private static final class World implements AutoCloseable {
    /** Argo's pod GC strategy for the Workflows created, or null. */
    volatile String podGc;
    final InProcessCluster cluster = InProcessCluster.start();
    final KubernetesClient client = cluster.newClient();
    final Map<String, Long> ends = new java.util.concurrent.ConcurrentHashMap<>();
    final ExecutorService creators = Executors.newFixedThreadPool(4);
    final SimulatedKubelet kubelet;
    final List<SimulatedEngine> engines = new ArrayList<>();
    final OperatorProcess operator;

    /** The largest policy status in the cluster, as the JSON the API server stores and sends with every event. */
    long largestPolicyStatus() {
      return client.resources(PipelineRecoveryPolicy.class).inAnyNamespace().list()
          .getItems().stream()
          .filter(p -> p.getStatus() != null)
          .mapToLong(p -> client.getKubernetesSerialization().asJson(p.getStatus())
              .getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .max().orElse(0);
    }

    World(int reconcileThreads, java.util.Set<LoopRunKind> kinds) throws IOException {
      kubelet = SimulatedKubelet.builder(cluster).threads(4)
          .script(job -> outcome(job.getMetadata().getNamespace(), RunScript.attemptOf(job))).start();
      StepScript steps = step -> outcome(step.namespace(), step.attempt());
      if (kinds.contains(LoopRunKind.PIPELINE_RUN)) {
        engines.add(SimulatedTekton.builder(cluster).threads(4).script(steps).start());
      }
      if (kinds.contains(LoopRunKind.WORKFLOW)) {
        engines.add(SimulatedArgo.builder(cluster).threads(4).script(steps).start());
      }
      operator = new OperatorProcess(cluster.url(), reconcileThreads);
    }

    /** An original run fails at its namespace's end instant; the healer's run passes shortly after it starts. */
    private RunOutcome outcome(String namespace, int attempt) {
      return attempt > 0
          ? RunOutcome.succeeded(SampleLogs.npmSuccess(), Duration.ofMillis(50))
          : RunOutcome.failed(1, SampleLogs.npmRegistryTimeout(),
              Duration.ofNanos(Math.max(0, ends.get(namespace) - System.nanoTime())));
    }

    /** Runs the kubelet and the engines have taken on, and how many of them have finished. */
    long accepted() {
      return kubelet.accepted() + engines.stream().mapToLong(SimulatedEngine::accepted).sum();
    }

    long finished() {
      return kubelet.finished() + engines.stream().mapToLong(SimulatedEngine::finished).sum();
    }

    /** The Pipelines or WorkflowTemplates the runs of {@code kind} refer to. */
    void prerequisites(LoopRunKind kind, String ns, int pipelines) {
      kind.prerequisites(ns, pipelines).forEach(object -> client.resource(generic(object)).create());
    }

    /** Creates the policies and waits until the operator has taken every one in (marked it Ready). */
    void policies(String ns, int pipelines) throws InterruptedException {
      for (int p = 0; p < pipelines; p++) {
        client.resource(policy(client, ns, LoopRunKind.pipeline(p))).create();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && client.resources(PipelineRecoveryPolicy.class).inNamespace(ns).list()
          .getItems().stream().anyMatch(p -> !ready(p))) {
        Thread.sleep(50);
      }
    }

    private static boolean ready(PipelineRecoveryPolicy policy) {
      return policy.getStatus() != null && policy.getStatus().getConditions().stream()
          .anyMatch(c -> PolicyStatusAggregator.READY.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    void create(LoopRunKind kind, String ns, int number, int pipelines) {
      if (kind == LoopRunKind.JOB) {
        client.batch().v1().jobs().inNamespace(ns).resource(run(ns, number, pipelines)).create();
      } else {
        JsonNode run = kind.run(ns, number, pipelines);
        if (kind == LoopRunKind.WORKFLOW && podGc != null) {
          ((ObjectNode) run).withObjectProperty("spec").putObject("podGC").put("strategy", podGc);
        }
        client.resource(generic(run)).create();
      }
    }

    private GenericKubernetesResource generic(JsonNode object) {
      return client.getKubernetesSerialization().unmarshal(object.toString(), GenericKubernetesResource.class);
    }

    void createRuns(LoopRunKind kind, String ns, int runs, int pipelines) throws InterruptedException {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        int number = i;
        created.add(creators.submit(() -> create(kind, ns, number, pipelines)));
      }
      for (Future<?> f : created) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("could not create a run", e.getCause());
        }
      }
    }

    @Override
    public void close() {
      creators.shutdownNow();
      operator.close();
      engines.forEach(SimulatedEngine::close);
      kubelet.close();
      client.close();
      cluster.close();
    }
  }
}
