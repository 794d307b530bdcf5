package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operator's client reads every watch event's object into what fabric8's own reader makes of it. */
class StreamedResourceTest {

  private static final String JOB = """
      {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"backend-ci-build-1","namespace":"ci",
       "uid":"0c5f0f6e-1b1a-4f57-9c1e-2f1b7e0d1a11","resourceVersion":"48211","labels":{"team":"platform"},
       "ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"nightly","uid":"u-1","controller":true}]},
       "spec":{"backoffLimit":0,"activeDeadlineSeconds":3600,"template":{"spec":{"restartPolicy":"Never",
        "containers":[{"name":"build","image":"node:20","args":["npm","ci"],
         "resources":{"limits":{"memory":"512Mi","cpu":"1.5"}}}]}}},
       "status":{"failed":1,"startTime":"2026-12-07T10:00:00Z","conditions":[{"type":"Failed","status":"True",
        "reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit",
        "lastTransitionTime":"2026-12-07T10:01:00Z"}],"uncountedTerminatedPods":{}}}""";

  private static final String JOB_WITH_MANAGED_FIELDS = ManagedFieldsTextTest.JOB_EVENT.substring(
      ManagedFieldsTextTest.JOB_EVENT.indexOf("\"object\":") + "\"object\":".length(),
      ManagedFieldsTextTest.JOB_EVENT.length() - 1);

  /** Fields in an order no API server writes: kind last, after nested objects, arrays and numbers. */
  private static final String POD_KIND_LAST = """
      {"metadata":{"name":"build-abcde","namespace":"ci","labels":{"job-name":"backend-ci-build-1"}},
       "spec":{"containers":[{"name":"build","image":"node:20","ports":[{"containerPort":8080}]}]},
       "status":{"phase":"Failed","containerStatuses":[{"name":"build","restartCount":2,"ready":false,
        "state":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"2026-12-07T10:01:00Z"}}}]},
       "apiVersion":"v1","kind":"Pod"}""";

  private static final String PIPELINE_RUN = """
      {"apiVersion":"tekton.dev/v1","kind":"PipelineRun","metadata":{"name":"release-run-7","namespace":"ci"},
       "spec":{"pipelineRef":{"name":"release"},"params":[{"name":"revision","value":"main"}],
        "taskRunTemplate":{"serviceAccountName":"builder"}},
       "status":{"conditions":[{"type":"Succeeded","status":"False","reason":"Failed"}]}}""";

  private static final String WORKFLOW = """
      {"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"ci-x7k2p","namespace":"ci"},
       "spec":{"entrypoint":"main","arguments":{"parameters":[{"name":"revision","value":"main"}]}},
       "status":{"phase":"Failed","nodes":{"ci-x7k2p":{"phase":"Failed","exitCode":"1"}}}}""";

  private static final String INCIDENT = """
      {"apiVersion":"rodytech.ai/v1alpha1","kind":"PipelineIncident","metadata":{"name":"inc-1","namespace":"ci"},
       "spec":{"pipeline":"backend-ci","failedRun":"backend-ci-build-1"}}""";

  private static final String STATUS = """
      {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
       "message":"too old resource version: 48211 (48305)","reason":"Expired","code":410}""";

  private static final String NO_KIND = """
      {"metadata":{"name":"x"},"spec":{"a":[1,2.5,true,null,{"b":"c"}]}}""";

  /**
   * The reader is in place: the results below are fabric8's either way, so they cannot tell. fabric8 puts its own
   * reader on WatchEvent's setter, where a mix-in on the field did not replace it (the cost it was to save was
   * still paid, unseen, until an allocation profile showed fabric8's tree under every watch event).
   */
  @Test
  void watchEventsObjectsAreReadByIt() throws Exception {
    try (KubernetesClient client = OperatorClient.build(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())) {
      ObjectMapper mapper = ((OperatorClient.JsonFirst) client.getKubernetesSerialization()).mapper();
      DeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
          .createInstance(mapper.getDeserializationConfig(), null, null);
      BeanDeserializerBase event =
          (BeanDeserializerBase) context.findRootValueDeserializer(mapper.constructType(WatchEvent.class));

      assertThat(event.findProperty("object").getValueDeserializer()).isInstanceOf(StreamedResource.class);
      // StreamedResource keeps the first fabric8 reader it finds: the mapper must have one, whose registered kinds
      // grow in place, not a new one (with the kinds known then) at each lookup.
      var resource = mapper.constructType(io.fabric8.kubernetes.api.model.KubernetesResource.class);
      assertThat(context.findRootValueDeserializer(resource)).isSameAs(context.findRootValueDeserializer(resource))
          .isSameAs(((DefaultDeserializationContext) mapper.getDeserializationContext())
              .createInstance(mapper.getDeserializationConfig(), null, null).findRootValueDeserializer(resource));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "'a Job (kind first, as API servers write it)', JOB, MODIFIED",
      "a pod whose kind comes last, POD_KIND_LAST, ADDED",
      "a Tekton PipelineRun (no class: a generic resource), PIPELINE_RUN, MODIFIED",
      "an Argo Workflow (no class: a generic resource), WORKFLOW, MODIFIED",
      "a PipelineIncident, INCIDENT, ADDED",
      "an error event's Status, STATUS, ERROR",
      "an object without kind, NO_KIND, MODIFIED",
      "'a Job with managed fields, as API servers write it', JOB_WITH_MANAGED_FIELDS, MODIFIED"})
  void eachObjectIsWhatFabric8MakesOfIt(String shape, String name, String type) throws Exception {
    String object = (String) StreamedResourceTest.class.getDeclaredField(name).get(null);
    String event = "{\"type\":\"" + type + "\",\"object\":" + object + "}";
    // the type after the object: the rest of the event is read on from where the object ended
    String typeLast = "{\"object\":" + object + ",\"type\":\"" + type + "\"}";
    KubernetesSerialization fabric8 = new KubernetesSerialization();

    try (KubernetesClient client = OperatorClient.build(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())) {
      KubernetesSerialization json = client.getKubernetesSerialization();
      for (String text : new String[] {event, typeLast}) {
        WatchEvent read = json.unmarshal(text, WatchEvent.class);
        WatchEvent expected = fabric8.unmarshal(text, WatchEvent.class);

        if (expected.getObject() instanceof io.fabric8.kubernetes.api.model.HasMetadata resource) {
          resource.getMetadata().setManagedFields(new java.util.ArrayList<>()); // never read by the operator
        }
        assertThat(read.getType()).isEqualTo(type);
        assertThat(read.getObject()).isNotNull().hasSameClassAs(expected.getObject()).isEqualTo(expected.getObject());
      }
    }
  }

  /**
   * A watch event's managed fields are cut from the text, not read and ignored: text the parser would refuse
   * inside them (a bare word here) does not reach it.
   */
  @Test
  void aWatchEventsManagedFieldsAreNotReadAtAll() {
    String event = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
        + "{\"name\":\"p\",\"managedFields\":[{\"manager\":unread}]},\"status\":{\"phase\":\"Failed\"}}}";
    try (KubernetesClient client = OperatorClient.build(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())) {
      WatchEvent read = client.getKubernetesSerialization().unmarshal(event, WatchEvent.class);

      assertThat(((io.fabric8.kubernetes.api.model.Pod) read.getObject()).getStatus().getPhase()).isEqualTo("Failed");
      assertThat(org.assertj.core.api.Assertions.catchThrowable(
          () -> new KubernetesSerialization().unmarshal(event, WatchEvent.class))).as("fabric8 reads them").isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"JOB, io.fabric8.kubernetes.api.model.batch.v1.Job", "POD_KIND_LAST, io.fabric8.kubernetes.api.model.Pod",
      "PIPELINE_RUN, io.fabric8.kubernetes.api.model.GenericKubernetesResource", "WORKFLOW, io.fabric8.kubernetes.api.model.GenericKubernetesResource",
      "STATUS, io.fabric8.kubernetes.api.model.Status", "NO_KIND, io.fabric8.kubernetes.api.model.runtime.RawExtension"})
  void theClassIsTheOneTheKindNames(String name, Class<?> expected) throws Exception {
    String object = (String) StreamedResourceTest.class.getDeclaredField(name).get(null);
    try (KubernetesClient client = OperatorClient.build(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())) {
      Object read = client.getKubernetesSerialization()
          .unmarshal("{\"type\":\"ADDED\",\"object\":" + object + "}", WatchEvent.class).getObject();

      assertThat(read).isInstanceOf(expected);
    }
  }
}
