package ai.rodytech.healer.operator;

import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.core.guard.Guard;
import ai.rodytech.healer.core.plan.Planner;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.operator.act.JobLauncher;
import ai.rodytech.healer.operator.observe.JobObserver;
import ai.rodytech.healer.alert.AlertDispatcher;
import ai.rodytech.healer.operator.report.AlertNotifier;
import ai.rodytech.healer.operator.report.EventRecorder;
import ai.rodytech.healer.operator.report.HealerMetrics;
import ai.rodytech.healer.operator.report.HumanNotifier;
import ai.rodytech.healer.operator.report.IncidentRecords;
import ai.rodytech.healer.operator.report.IncidentStore;
import ai.rodytech.healer.operator.report.PolicyStatusAggregator;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Assembles the operator: the policy cache, the three reconcilers (jobs, policies, incidents) and the healing
 * loop they share, on one Kubernetes client. The same assembly serves `healer run`, the tests and the demo.
 */
public final class HealerOperator implements AutoCloseable {
  private final Operator operator;
  private final List<SharedIndexInformer<PipelineRecoveryPolicy>> policyInformers;
  private final HealerMetrics metrics;

  /**
   * What the operator is given from outside: its brain, its alert dispatcher (null: Events and incidents
   * only), its redactor, its metrics registry, its clock.
   */
  public record Services(
      BrainSelector brains, AlertDispatcher alerts, Redactor redactor, MeterRegistry registry, Clock clock) {}

  private HealerOperator(
      Operator operator, List<SharedIndexInformer<PipelineRecoveryPolicy>> informers, HealerMetrics metrics) {
    this.operator = operator;
    this.policyInformers = informers;
    this.metrics = metrics;
  }

  /** Builds and starts the operator; returns once its caches are in sync (or leadership is being sought). */
  public static HealerOperator start(KubernetesClient client, OperatorSettings settings, Services services) {
    List<SharedIndexInformer<PipelineRecoveryPolicy>> informers = policyInformers(client, settings);
    PolicyIndex index = new PolicyIndex(() -> cached(informers));
    Clock clock = services.clock();
    HealerMetrics metrics = new HealerMetrics(services.registry());
    EventRecorder events = new EventRecorder(client, clock);
    IncidentStore incidents = new IncidentStore(client);
    PolicyStatusAggregator policyStatus = new PolicyStatusAggregator(client, clock);
    HumanNotifier notifier = services.alerts() == null
        ? HumanNotifier.EVENTS_ONLY
        : new AlertNotifier(client, services.alerts(), incidents, events);
    HealingLoop loop =
        new HealingLoop(
            new JobObserver(client, services.redactor(), settings.logLimits(), clock),
            services.brains(),
            new Planner(),
            Guard.standard(),
            new JobLauncher(client),
            incidents,
            new IncidentRecords(services.redactor()),
            policyStatus,
            events,
            notifier,
            metrics,
            new KnownGoodRecorder(client),
            clock);

    Operator operator =
        new Operator(o -> {
          o.withKubernetesClient(client)
              .withCloseClientOnStop(false)
              .withUseSSAToPatchPrimaryResource(settings.useServerSideApply())
              .withConcurrentReconciliationThreads(settings.reconcileThreads())
              .withStopOnInformerErrorDuringStartup(true);
          settings.leaseNamespace().ifPresent(ns ->
              o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, ns)));
        });
    operator.register(
        new JobReconciler(index, loop, events, metrics, settings.staleRunAge(), clock, client),
        (io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<Job> o) -> {
          namespaces(o, settings);
          o.withGenerationAware(false)
              .withItemStore(new TransformingItemStore<>(JobCacheView::of))
              .withOnAddFilter(JobReconciler::finished)
              // accept(newResource, oldResource): let through any update in which the Job is (or was) finished
              .withOnUpdateFilter((a, b) -> JobReconciler.finished(a) || JobReconciler.finished(b));
        });
    operator.register(
        new PolicyReconciler(index, policyStatus, events, incidents, settings.retention(), clock),
        (io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<PipelineRecoveryPolicy> o) ->
            namespaces(o, settings));
    operator.register(
        new IncidentReconciler(client, index, incidents, loop, events, notifier, policyStatus),
        (io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<PipelineIncident> o) -> {
          namespaces(o, settings);
          o.withGenerationAware(false);
        });
    operator.start();
    return new HealerOperator(operator, informers, metrics);
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

  private static Collection<PipelineRecoveryPolicy> cached(List<SharedIndexInformer<PipelineRecoveryPolicy>> all) {
    List<PipelineRecoveryPolicy> policies = new ArrayList<>();
    all.forEach(i -> policies.addAll(i.getStore().list()));
    return policies;
  }

  public HealerMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    operator.stop();
    policyInformers.forEach(SharedIndexInformer::close);
  }
}
