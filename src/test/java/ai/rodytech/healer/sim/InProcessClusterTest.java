package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.rodytech.healer.api.PipelineRecoveryPolicy;
import ai.rodytech.healer.api.PolicyStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.PrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimestampBytesLimitTerminateTimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InProcessClusterTest {
  private static final String NS = "ci";
  private static final String JOBS = "/apis/batch/v1/namespaces/ci/jobs";
  private static final String LOG =
      "[INFO] Building backend 1.4.0\n[INFO] Compiling 212 source files\n[ERROR] Tests run: 3, Failures: 1\n"
          + "[INFO] BUILD FAILURE\n";

  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private InProcessCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void clean() {
    cluster = CLUSTER.cluster();
    client = CLUSTER.client();
    client.batch().v1().jobs().inNamespace(NS).delete();
    client.pods().inNamespace(NS).delete();
    client.resources(PipelineRecoveryPolicy.class).inNamespace(NS).delete();
    cluster.setAdmission(null);
    cluster.requests().reset();
  }

  @Test
  void aDryRunCreateAnswersWithTheObjectAndStoresNothing() {
    Job answered = client.batch().v1().jobs().inNamespace(NS).resource(job("build-1")).dryRun().create();

    assertThat(answered.getMetadata().getName()).isEqualTo("build-1");
    assertThat(answered.getMetadata().getUid()).isNotBlank();
    assertThat(answered.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("build-1").get()).isNull();
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(cluster.requests().countDryRun("POST", JOBS)).isEqualTo(1);
    assertThat(cluster.requests().count("POST", JOBS)).isZero();
  }

  @Test
  void aDryRunUpdateAnswersWithTheChangeAndKeepsTheStoredObject() {
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-2")).create();

    Job answered =
        client.batch().v1().jobs().inNamespace(NS).withName("build-2").dryRun()
            .edit(j -> new JobBuilder(j).editMetadata().addToLabels("team", "backend").endMetadata().build());

    assertThat(answered.getMetadata().getLabels()).containsEntry("team", "backend");
    Job stored = client.batch().v1().jobs().inNamespace(NS).withName("build-2").get();
    assertThat(stored.getMetadata().getLabels()).doesNotContainKey("team");
  }

  @Test
  void aDryRunDeleteKeepsTheObject() {
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-15")).create();

    client.batch().v1().jobs().inNamespace(NS).withName("build-15").dryRun().delete();

    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("build-15").get()).isNotNull();
    assertThat(cluster.requests().countDryRun("DELETE", JOBS + "/build-15")).isEqualTo(1);
  }

  @Test
  void aDryRunDeniedByAdmissionFailsWith422AndTheWebhookMessageWhileTheRealCreatePasses() {
    cluster.setAdmission(
        AdmissionPolicy.denyDryRun(r -> r.isMainResourceOf("Job"), "exceeded quota: ci-jobs, requested: memory=4Gi"));

    assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).resource(job("build-3")).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "admission webhook \"simulated-admission.rodytech.ai\" denied the request:"
                          + " exceeded quota: ci-jobs, requested: memory=4Gi");
              assertThat(e.getMessage()).contains("exceeded quota: ci-jobs");
            });
    assertThat(client.batch().v1().jobs().inNamespace(NS).resource(job("build-3")).create()).isNotNull();
  }

  @Test
  void anAdmissionPolicyCanDenyRealRequestsAndSeesTheObject() {
    cluster.setAdmission(
        AdmissionPolicy.deny(
            r -> r.operation() == AdmissionRequest.Operation.CREATE
                && r.object(Job.class).getSpec().getTemplate().getSpec().getServiceAccountName() != null,
            "service accounts are chosen by the platform team"));
    Job withAccount =
        new JobBuilder(job("build-4")).editSpec().editTemplate().editSpec().withServiceAccountName("deployer")
            .endSpec().endTemplate().endSpec().build();

    assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).resource(withAccount).create())
        .hasMessageContaining("service accounts are chosen by the platform team");
    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("build-4").get()).isNull();
    assertThat(client.batch().v1().jobs().inNamespace(NS).resource(job("build-4")).create()).isNotNull();
  }

  @Test
  void aCallInProcessIsServedAsOverHttpWatchedCountedAndRefusedAlike() throws Exception {
    ClusterCalls inProcess = ClusterCalls.inProcess(cluster, "simulated-kubelet");
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch = client.batch().v1().jobs().inNamespace(NS).watch(new io.fabric8.kubernetes.client.Watcher<>() {
      @Override
      public void eventReceived(Action action, Job job) {
        seen.add(action + " " + job.getMetadata().getName() + " " + job.getStatus());
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    })) {
      ClusterCalls.Answer created = inProcess.call("POST", JOBS, "application/json",
          io.fabric8.kubernetes.client.utils.Serialization.asJson(job("build-direct")));
      ClusterCalls.Answer patched = inProcess.call("PATCH", JOBS + "/build-direct/status",
          "application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"active\":1}}]");
      ClusterCalls.Answer again = inProcess.call("POST", JOBS, "application/json",
          io.fabric8.kubernetes.client.utils.Serialization.asJson(job("build-direct")));

      assertThat(created.code()).isEqualTo(201);
      assertThat(created.body()).contains("\"uid\"", "\"controller-uid\""); // the server's defaults
      assertThat(patched.ok()).isTrue();
      assertThat(again.code()).isEqualTo(409);
      KubernetesClientException refusal = ClusterCalls.failure("POST", JOBS, again);
      assertThat(refusal.getCode()).isEqualTo(409);
      assertThat(refusal.getStatus().getReason()).isEqualTo("AlreadyExists");
      assertThat(client.batch().v1().jobs().inNamespace(NS).withName("build-direct").get().getStatus().getActive())
          .isEqualTo(1);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> seen.size() >= 2);
      assertThat(seen.get(0)).startsWith("ADDED build-direct");
      assertThat(seen.get(1)).startsWith("MODIFIED build-direct").contains("active=1");
      assertThat(cluster.requests().count(c -> c.agent().equals("simulated-kubelet") && c.verb().equals("POST")))
          .isEqualTo(2);
      assertThat(cluster.requests().count(c -> c.agent().equals("simulated-kubelet") && c.verb().equals("PATCH")))
          .isEqualTo(1);
    }
  }

  @Test
  void creatingAnExistingNameIsAlreadyExistsForRealAndDryRuns() {
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-5")).create();

    for (boolean dryRun : new boolean[] {false, true}) {
      assertThatThrownBy(
              () -> client.batch().v1().jobs().inNamespace(NS).resource(job("build-5")).dryRun(dryRun).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(409);
                assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                assertThat(e.getStatus().getMessage()).isEqualTo("jobs.batch \"build-5\" already exists");
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "restart policy Always | Always | 512Mi | 512Mi"
            + " | Job.batch \"bad\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Always\":"
            + " supported values: \"OnFailure\", \"Never\"",
        "request above limit | Never | 1Gi | 512Mi"
            + " | Job.batch \"bad\" is invalid: spec.template.spec.containers[0].resources.requests:"
            + " Invalid value: \"1Gi\": must be less than or equal to memory limit of 512Mi",
        "not a quantity | Never | 512Mi | lots"
            + " | Job.batch \"bad\" is invalid: spec.template.spec.containers[0].resources.limits: Invalid value:"
            + " \"lots\": quantities must match the regular expression"
            + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      })
  void builtInValidationRefusesWhatARealServerRefusesEvenInADryRun(
      String change, String restartPolicy, String request, String limit, String message) {
    Job bad =
        new JobBuilder(job("bad")).editSpec().editTemplate().editSpec().withRestartPolicy(restartPolicy)
            .editFirstContainer().editResources()
            .addToRequests("memory", new Quantity(request)).addToLimits("memory", new Quantity(limit))
            .endResources().endContainer().endSpec().endTemplate().endSpec().build();

    for (boolean dryRun : new boolean[] {true, false}) {
      assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).resource(bad).dryRun(dryRun).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getStatus().getMessage()).isEqualTo(message);
              });
    }
  }

  @Test
  void aNewJobGetsTheGeneratedSelectorAndLabelsAndACopyOfAnOldJobIsRefused() {
    Job created = client.batch().v1().jobs().inNamespace(NS).resource(job("build-13")).create();
    String uid = created.getMetadata().getUid();

    assertThat(created.getSpec().getSelector().getMatchLabels())
        .containsExactly(java.util.Map.entry("batch.kubernetes.io/controller-uid", uid));
    assertThat(created.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("batch.kubernetes.io/job-name", "build-13")
        .containsEntry("job-name", "build-13")
        .containsEntry("controller-uid", uid);
    assertThat(created.getSpec().getBackoffLimit()).as("the request said 0").isZero();
    assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
        .isEqualTo("IfNotPresent");
    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("build-13").get()).isEqualTo(created);

    Job copy = new JobBuilder(created).editMetadata().withName("build-13-retry").withUid(null)
        .withResourceVersion(null).endMetadata().build();
    assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).resource(copy).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getStatus().getMessage())
                .startsWith("Job.batch \"build-13-retry\" is invalid: spec.selector: Invalid value:")
                .endsWith("`selector` not auto-generated"));
  }

  @Test
  void aJobsPodTemplateIsImmutable() {
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-6")).create();

    assertThatThrownBy(
            () -> client.batch().v1().jobs().inNamespace(NS).withName("build-6")
                .edit(j -> new JobBuilder(j).editSpec().editTemplate().editSpec().editFirstContainer()
                    .withImage("maven:3.9.9-eclipse-temurin-21").endContainer().endSpec().endTemplate().endSpec()
                    .build()))
        .hasMessageContaining("spec.template: Invalid value")
        .hasMessageContaining("field is immutable");
  }

  @ParameterizedTest(name = "container={0} tailLines={1} limitBytes={2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "- | - | - | " + "[INFO] Building backend 1.4.0\\n[INFO] Compiling 212 source files\\n"
            + "[ERROR] Tests run: 3, Failures: 1\\n[INFO] BUILD FAILURE\\n",
        "build | 2 | - | [ERROR] Tests run: 3, Failures: 1\\n[INFO] BUILD FAILURE\\n",
        "build | 2 | 15 | [ERROR] Tests r",
        "- | - | 6 | [INFO]",
        "build | 0 | - | ''",
        "build | 99 | 12 | [INFO] Build",
        "fetch | - | - | Cloning into '/workspace'...\\n",
      })
  void podLogsHonourContainerTailLinesAndLimitBytes(
      String container, Integer tailLines, Integer limitBytes, String expected) {
    pod("build-7-x2k4q", "build");
    cluster.podLogs().put(NS, "build-7-x2k4q", "build", LOG);
    cluster.podLogs().put(NS, "build-7-x2k4q", "fetch", "Cloning into '/workspace'...\n");

    PodResource pod = client.pods().inNamespace(NS).withName("build-7-x2k4q");
    TimestampBytesLimitTerminateTimeTailPrettyLoggable source = container == null ? pod : pod.inContainer(container);
    TimeTailPrettyLoggable limited = limitBytes == null ? source : source.limitBytes(limitBytes);
    PrettyLoggable tailed = tailLines == null ? limited : limited.tailingLines(tailLines);
    String text = tailed.getLog();

    assertThat(text).isEqualTo(expected.replace("\\n", "\n"));
  }

  @Test
  void podLogsOfAnUnknownPodAre404AndOfAnUnknownContainer400() {
    pod("build-8-7pqrz", "build");

    assertThatThrownBy(() -> client.pods().inNamespace(NS).withName("nope").getLog())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    assertThatThrownBy(() -> client.pods().inNamespace(NS).withName("build-8-7pqrz").inContainer("sidecar").getLog())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("container sidecar is not valid for pod build-8-7pqrz");
            });
    assertThatThrownBy(() -> client.pods().inNamespace(NS).withName("build-8-7pqrz").inContainer("build")
        .terminated().getLog())
        .as("previous=true of a container that never restarted")
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("previous terminated container \"build\" in pod \"build-8-7pqrz\" not found");
        });
  }

  @Test
  void aStatusWriteDoesNotBumpTheGenerationAndASpecChangeDoes() throws Exception {
    PipelineRecoveryPolicy policy = seedPolicy();
    policy.setStatus(statusWith(7L));
    PipelineRecoveryPolicy created = client.resource(policy).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1);
    assertThat(created.getStatus().getFailuresSeen()).as("status is not written on create").isZero();

    created.setStatus(statusWith(1L));
    PipelineRecoveryPolicy afterUpdateStatus = client.resource(created).updateStatus();
    assertThat(afterUpdateStatus.getMetadata().getGeneration()).isEqualTo(1);
    assertThat(afterUpdateStatus.getStatus().getFailuresSeen()).isEqualTo(1);

    afterUpdateStatus.setStatus(statusWith(2L));
    PipelineRecoveryPolicy afterPatchStatus = client.resource(afterUpdateStatus).patchStatus();
    assertThat(afterPatchStatus.getMetadata().getGeneration()).isEqualTo(1);
    assertThat(afterPatchStatus.getStatus().getFailuresSeen()).isEqualTo(2);

    PipelineRecoveryPolicy annotated =
        client.resource(afterPatchStatus).edit(p -> annotate(p, "rodytech.ai/approve", "true"));
    assertThat(annotated.getMetadata().getGeneration()).as("metadata only").isEqualTo(1);

    PipelineRecoveryPolicy respecified =
        client.resource(annotated).edit(p -> {
          p.getSpec().setFailureThreshold(3);
          p.getStatus().setFailuresSeen(99L);
          return p;
        });
    assertThat(respecified.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(respecified.getStatus().getFailuresSeen())
        .as("a write to the object ignores its status")
        .isEqualTo(2);
  }

  @Test
  void aJobsStatusIsASubresourceToo() {
    Job created = client.batch().v1().jobs().inNamespace(NS).resource(job("build-9")).create();
    created.setStatus(new JobStatusBuilder().withFailed(1).build());
    client.batch().v1().jobs().inNamespace(NS).resource(created).updateStatus();

    Job relabelled =
        client.batch().v1().jobs().inNamespace(NS).withName("build-9")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"status\":null}");

    assertThat(relabelled.getStatus().getFailed()).isEqualTo(1);
    assertThat(relabelled.getMetadata().getGeneration()).isEqualTo(1);
  }

  @Test
  void generateNameGetsFiveRandomCharactersAndUnknownObjectsAreNotFound() {
    Pod pod =
        client.pods().inNamespace(NS).resource(
            new PodBuilder(podSpec("build")).editMetadata().withName(null).withGenerateName("build-10-").endMetadata()
                .build()).create();

    assertThat(pod.getMetadata().getName()).matches("build-10-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).withName("missing").edit(UnaryOperator.identity()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void serverSideApplyIsRefusedWithAMessageThatSaysWhatToDoInstead() {
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-11")).create();

    assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).resource(job("build-11")).serverSideApply())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(415);
              assertThat(e.getMessage()).contains("withUseSSAToPatchPrimaryResource(false)");
            });
  }

  @Test
  void aSetBasedLabelSelectorIsRefusedRatherThanIgnored() {
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-14")).create();

    assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).withLabelIn("team", "web").list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("rodytech.ai/pipeline", "backend-ci-build")
        .list().getItems()).hasSize(1);
  }

  @Test
  void listsAnswerFromTheirNamespaceAndSelectorsAndFollowUpdatesAndDeletes() {
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-20")).create();
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-21")).create();
    Job other = job("build-22");
    other.getMetadata().setNamespace("elsewhere");
    client.batch().v1().jobs().inNamespace("elsewhere").resource(other).create();
    client.batch().v1().jobs().inNamespace(NS).withName("build-21").edit(j -> {
      j.getMetadata().getLabels().put("rodytech.ai/pipeline", "frontend-ci-build");
      return j;
    });

    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems())
        .extracting(j -> j.getMetadata().getName()).containsExactlyInAnyOrder("build-20", "build-21");
    assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("rodytech.ai/pipeline", "backend-ci-build")
        .list().getItems()).extracting(j -> j.getMetadata().getName()).containsExactly("build-20");
    assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("rodytech.ai/pipeline", "frontend-ci-build")
        .list().getItems()).extracting(j -> j.getMetadata().getName()).containsExactly("build-21");
    assertThat(client.batch().v1().jobs().inAnyNamespace().list().getItems()).hasSize(3);
    var listed = client.batch().v1().jobs().inNamespace(NS).list();
    assertThat(Long.parseLong(listed.getMetadata().getResourceVersion()))
        .as("a list carries the latest resourceVersion, for a watch to start from")
        .isGreaterThanOrEqualTo(Long.parseLong(client.batch().v1().jobs().inNamespace(NS).withName("build-21").get()
            .getMetadata().getResourceVersion()));

    assertThat(client.batch().v1().jobs().inNamespace(NS).withField("metadata.name", "build-21").list().getItems())
        .extracting(j -> j.getMetadata().getName()).containsExactly("build-21");
    assertThat(client.batch().v1().jobs().inNamespace(NS).withField("metadata.name", "build-21")
        .withLabel("rodytech.ai/pipeline", "backend-ci-build").list().getItems()).isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace(NS).withField("metadata.name", "build-29").list().getItems())
        .isEmpty();
    client.batch().v1().jobs().inNamespace(NS).withName("build-20").delete();
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems())
        .extracting(j -> j.getMetadata().getName()).containsExactly("build-21");
    assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("rodytech.ai/pipeline", "backend-ci-build")
        .list().getItems()).isEmpty();
    client.batch().v1().jobs().inNamespace("elsewhere").delete();
  }

  @Test
  void eventsCanBeListedByTheObjectTheyAreAbout() {
    event("e1", "build-30-abcde", "BackOff");
    event("e2", "build-30-abcde", "Failed");
    event("e3", "build-31-fghij", "Pulled");

    assertThat(client.v1().events().inNamespace(NS).withField("involvedObject.name", "build-30-abcde").list()
        .getItems()).extracting(Event::getReason).containsExactlyInAnyOrder("BackOff", "Failed");
    assertThat(client.v1().events().inNamespace(NS).withField("involvedObject.name", "nobody").list().getItems())
        .isEmpty();
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).hasSize(3);
    client.v1().events().inNamespace(NS).delete();
  }

  private void event(String name, String about, String reason) {
    client.v1().events().inNamespace(NS).resource(new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName(about).withNamespace(NS).endInvolvedObject()
        .withReason(reason).withType("Normal").build()).create();
  }

  @Test
  void requestsAreCountedByVerbPathAndDryRun() {
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-12")).dryRun().create();
    client.batch().v1().jobs().inNamespace(NS).resource(job("build-12")).create();
    client.batch().v1().jobs().inNamespace(NS).withName("build-12").get();

    assertThat(cluster.requests().count("POST", JOBS)).isEqualTo(1);
    assertThat(cluster.requests().countDryRun("POST", JOBS)).isEqualTo(1);
    assertThat(cluster.requests().count("GET", JOBS + "/build-12")).isEqualTo(1);
    assertThat(cluster.requests().count(c -> c.verb().equals("DELETE"))).isZero();
  }

  private Job job(String name) {
    return new JobBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).addToLabels("rodytech.ai/pipeline", "backend-ci-build")
        .endMetadata()
        .withNewSpec().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17").withNewResources()
        .endResources().endContainer()
        .endSpec().endTemplate().endSpec()
        .build();
  }

  private Pod podSpec(String container) {
    return new PodBuilder()
        .withNewMetadata().withName("p").withNamespace(NS).endMetadata()
        .withNewSpec().withRestartPolicy("Never")
        .addNewInitContainer().withName("fetch").withImage("alpine/git:2.45.2").endInitContainer()
        .addNewContainer().withName(container).withImage("maven:3.9-eclipse-temurin-17").endContainer()
        .endSpec().build();
  }

  private void pod(String name, String container) {
    client.pods().inNamespace(NS).resource(
        new PodBuilder(podSpec(container)).editMetadata().withName(name).endMetadata().build()).create();
  }

  private PipelineRecoveryPolicy seedPolicy() throws Exception {
    try (InputStream yaml = InProcessClusterTest.class.getResourceAsStream("/sim/seed-policy.yaml")) {
      PipelineRecoveryPolicy policy = client.getKubernetesSerialization().unmarshal(yaml, PipelineRecoveryPolicy.class);
      policy.getMetadata().setNamespace(NS);
      return policy;
    }
  }

  private PolicyStatus statusWith(long failuresSeen) {
    PolicyStatus status = new PolicyStatus();
    status.setFailuresSeen(failuresSeen);
    return status;
  }

  private PipelineRecoveryPolicy annotate(PipelineRecoveryPolicy policy, String key, String value) {
    policy.getMetadata().getAnnotations().put(key, value);
    return policy;
  }
}
