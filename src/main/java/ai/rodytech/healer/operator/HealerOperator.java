package ai.rodytech.healer.operator;

import ai.rodytech.healer.operator.history.HistoryBook;
import ai.rodytech.healer.operator.decide.KnownGoodBook;
import ai.rodytech.healer.operator.decide.BrainSelector;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.alert.AlertDispatcher;
import ai.rodytech.healer.core.guard.Guard;
import ai.rodytech.healer.core.history.RevisionResolver;
import ai.rodytech.healer.core.plan.Planner;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.operator.act.Actuator;
import ai.rodytech.healer.operator.act.RunLauncher;
import ai.rodytech.healer.operator.decide.PlanJudge;
import ai.rodytech.healer.operator.history.HistoryMetrics;
import ai.rodytech.healer.operator.history.RunLedger;
import ai.rodytech.healer.operator.incident.IncidentJournal;
import ai.rodytech.healer.operator.incident.IncidentRecords;
import ai.rodytech.healer.operator.observe.Compact;
import ai.rodytech.healer.operator.observe.PodReader;
import ai.rodytech.healer.operator.report.AlertNotifier;
import ai.rodytech.healer.operator.report.EventDigest;
import ai.rodytech.healer.operator.report.EventRecorder;
import ai.rodytech.healer.operator.report.HealerMetrics;
import ai.rodytech.healer.operator.report.HumanNotifier;
import ai.rodytech.healer.operator.report.PolicyStatusAggregator;
import ai.rodytech.healer.operator.report.Reporter;
import ai.rodytech.healer.operator.run.CachedRuns;
import ai.rodytech.healer.operator.run.RunKind;
import ai.rodytech.healer.operator.run.RunKinds;
import ai.rodytech.healer.operator.run.RunReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the operator: the policy cache, one reconciler per run kind, the policy and incident reconcilers and the healing
 * loop they share, on one Kubernetes client. The same assembly serves `healer run`, the tests and the demo.
 */
public final class HealerOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealerOperator.class);
  /**
   * A policy's {@code Healed} Event is written at most once per this many status intervals (30 s by default):
   * the first heal at once, then the count and the latest heal.
   */
  static final int HEALED_EVENT_INTERVALS = 6;
  private final Operator operator;
  private final List<SharedIndexInformer<PipelineRecoveryPolicy>> policyInformers;
  private final HealerMetrics metrics;
  private final PolicyStatusAggregator policyStatus;
  private final RunLedger ledger;
  private final EventDigest digests;
  /** With leader election: this replica's part in it; else null. */
  private final LeaderLease lease;

  /**
   * What the operator is given from outside: its brain, its alert dispatcher (null: Events and incidents
   * only), its redactor, its metrics registry, its clock.
   */
  public record Services(
      BrainSelector brains, AlertDispatcher alerts, Redactor redactor, MeterRegistry registry, Clock clock,
      Actuator.Hook actHook) {

    public Services(
        BrainSelector brains, AlertDispatcher alerts, Redactor redactor, MeterRegistry registry, Clock clock) {
      this(brains, alerts, redactor, registry, clock, Actuator.Hook.NONE);
    }
  }

  private HealerOperator(
      Operator operator, List<SharedIndexInformer<PipelineRecoveryPolicy>> informers, HealerMetrics metrics,
      PolicyStatusAggregator policyStatus, RunLedger ledger, EventDigest digests, LeaderLease lease) {
    this.lease = lease;
    this.ledger = ledger;
    this.digests = digests;
    this.operator = operator;
    this.policyInformers = informers;
    this.metrics = metrics;
    this.policyStatus = policyStatus;
  }

  /** Builds and starts the operator; returns once its caches are in sync (or leadership is being sought). */
  public static HealerOperator start(KubernetesClient client, OperatorSettings settings, Services services) {
    List<SharedIndexInformer<PipelineRecoveryPolicy>> informers = policyInformers(client, settings);
    PolicyIndex index = PolicyIndex.remembering(ns -> cached(informers, ns));
    informers.forEach(informer -> informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PipelineRecoveryPolicy policy) {
        index.changed();
      }

      @Override
      public void onUpdate(PipelineRecoveryPolicy before, PipelineRecoveryPolicy after) {
        index.changed();
      }

      @Override
      public void onDelete(PipelineRecoveryPolicy policy, boolean finalStateUnknown) {
        index.changed();
      }
    }));
    Clock clock = services.clock();
    ApiCalls.of(client).throughFabric8().ifPresent(reason -> LOG.info(
        "The heal's calls go through fabric8's HTTP layer, not straight from the calling thread: {}", reason));
    HealerMetrics metrics = new HealerMetrics(services.registry());
    metrics.apiCallsResent(ApiCalls.of(client), ApiCalls::resentThroughFabric8);
    EventRecorder events = new EventRecorder(client, clock);
    IncidentJournal journal = new IncidentJournal(client, clock);
    PolicyStatusAggregator policyStatus = new PolicyStatusAggregator(client, clock, settings.statusInterval());
    HumanNotifier notifier = services.alerts() == null
        ? HumanNotifier.EVENTS_ONLY
        : new AlertNotifier(client, services.alerts(), journal, events);
    EventDigest digests = new EventDigest(events, settings.statusInterval().multipliedBy(HEALED_EVENT_INTERVALS));
    Reporter report = new Reporter(events, digests, metrics, policyStatus, notifier, clock);
    RunLauncher launcher = new RunLauncher(client);
    HistoryMetrics historyMetrics = new HistoryMetrics(services.registry());
    RunLedger ledger = new RunLedger(client, historyMetrics, clock, settings.statusInterval(),
        RunLedger.DEFAULT_STALE_AFTER, RunLedger.DEFAULT_DECISION_WAIT);
    RunKinds kinds = RunKinds.standard(client, new PodReader(client, services.redactor(), settings.logLimits()),
        services.redactor(), clock);
    HealingLoop loop =
        new HealingLoop(
            services.brains(),
            new Planner(),
            new PlanJudge(Guard.standard(), launcher, clock),
            new Actuator(launcher, journal, services.actHook()),
            journal,
            new IncidentRecords(services.redactor()),
            report,
            new KnownGoodBook(policyStatus),
            new HistoryBook(ledger, historyMetrics, RevisionResolver.defaults(), clock),
            clock);

    LeaderLease lease = settings.leaseNamespace()
        .map(ns -> new LeaderLease(client, ns, settings.leaderTiming(), () -> System.exit(1), clock)).orElse(null);
    Operator operator =
        new Operator(o -> {
          o.withKubernetesClient(client)
              .withCloseClientOnStop(false)
              .withUseSSAToPatchPrimaryResource(settings.useServerSideApply())
              .withConcurrentReconciliationThreads(settings.reconcileThreads())
              .withMetrics(metrics.operatorSdkMetrics())
              .withStopOnInformerErrorDuringStartup(true)
              .withResourceCloner(new CachedRuns(kinds.types(), client.getKubernetesSerialization()::clone));
          if (lease != null) {
            // A replica that loses the lease exits and is restarted clean (in a pod); tests keep the JVM.
            o.withLeaderElectionConfiguration(lease.configuration());
          }
        });
    RunReconciler.Services runServices = new RunReconciler.Services(
        index, loop, events, metrics, settings.staleRunAge(), settings.startTimeout(), clock);
    for (RunKinds.Registration<?> registration : kinds.served()) {
      register(operator, registration, runServices, settings);
    }
    operator.register(
        new PolicyReconciler(index, policyStatus, events, journal, metrics, settings.retention(), clock),
        (io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<PipelineRecoveryPolicy> o) ->
            namespaces(o, settings));
    operator.register(
        new IncidentReconciler(index, journal, loop, report, kinds),
        (io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<PipelineIncident> o) -> {
          namespaces(o, settings);
          o.withGenerationAware(false)
              .withItemStore(new TransformingItemStore<>(IncidentReconciler::cacheView))
              .withOnAddFilter(IncidentReconciler::waiting)
              .withOnUpdateFilter((incident, before) -> IncidentReconciler.waiting(incident))
              // Only incidents that wait, or waited, for a person: the others' writes are not even watched.
              .withLabelSelector(Labels.AWAITING_PERSON_SELECTOR);
        });
    int relabelled = journal.labelWaitingIncidents(settings.namespaces(), IncidentReconciler::waiting);
    if (relabelled > 0) {
      LOG.info("Labelled {} incidents waiting for approval with {} (written before the label existed)", relabelled,
          Labels.AWAITING_PERSON_SELECTOR);
    }
    operator.start();
    return new HealerOperator(operator, informers, metrics, policyStatus, ledger, digests, lease);
  }

  /**
   * Watches one run kind: slim cached copies ({@code RunKind.cacheView}, without their empty collections:
   * {@link Compact}; the run reconcilers never change a run, {@link CachedRuns}), only the events that concern the
   * healer (finished runs, and its own runs until they finish), paged initial lists, an optional label selector, and
   * no periodic re-reconciliation (a finished run does not change; what the healer derives from it stays the same).
   */
  private static <R extends HasMetadata> void register(
      Operator operator, RunKinds.Registration<R> registration, RunReconciler.Services services,
      OperatorSettings settings) {
    RunKind<R> kind = registration.kind();
    operator.register(registration.reconciler().apply(services),
        (io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<R> o) -> {
          namespaces(o, settings);
          o.withGenerationAware(false)
              .withItemStore(new TransformingItemStore<>(run -> Compact.compact(kind.cacheView(run))))
              .withOnAddFilter(run -> RunReconciler.relevant(kind, run))
              // accept(newResource, oldResource)
              .withOnUpdateFilter((now, before) -> RunReconciler.worthReconciling(kind, now, before))
              .withInformerListLimit(settings.listLimit())
              .withReconciliationMaxInterval(null);
          settings.runSelector().ifPresent(o::withLabelSelector);
        });
  }

  private static void namespaces(
      io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<?> o, OperatorSettings settings) {
    if (settings.namespaces().isEmpty()) {
      o.watchingAllNamespaces();
    } else {
      o.settingNamespaces(settings.namespaces());
    }
  }

  /**
   * The Job reconciler needs every policy before it judges a run; these informers are started and synced
   * before the reconcilers, so a restart never sees a failed Job as "not covered".
   */
  private static List<SharedIndexInformer<PipelineRecoveryPolicy>> policyInformers(
      KubernetesClient client, OperatorSettings settings) {
    List<SharedIndexInformer<PipelineRecoveryPolicy>> informers = new ArrayList<>();
    if (settings.namespaces().isEmpty()) {
      informers.add(client.resources(PipelineRecoveryPolicy.class).inAnyNamespace().inform());
    } else {
      for (String ns : settings.namespaces()) {
        informers.add(client.resources(PipelineRecoveryPolicy.class).inNamespace(ns).inform());
      }
    }
    for (SharedIndexInformer<PipelineRecoveryPolicy> informer : informers) {
      try {
        informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("could not list PipelineRecoveryPolicies (is the CRD installed?)", e);
      }
    }
    return informers;
  }

  /** The cached policies of one namespace, from the informers' namespace index. */
  private static Collection<PipelineRecoveryPolicy> cached(
      List<SharedIndexInformer<PipelineRecoveryPolicy>> all, String namespace) {
    if (all.size() == 1) {
      return all.get(0).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }
    List<PipelineRecoveryPolicy> policies = new ArrayList<>();
    all.forEach(i -> policies.addAll(i.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)));
    return policies;
  }

  public HealerMetrics metrics() {
    return metrics;
  }

  /** Writes the policies' pending aggregates now (tests; the operator writes them within a second anyway). */
  public void flushPolicyStatus() {
    policyStatus.flush();
  }

  @Override
  public void close() {
    if (lease != null) {
      lease.stopping();
    }
    operator.stop();
    policyStatus.close();
    ledger.close();
    digests.close();
    // Last, once nothing more is written: the other replica takes over within its retry period.
    if (lease != null) {
      lease.stopped();
    }
    policyInformers.forEach(SharedIndexInformer::close);
  }
}
