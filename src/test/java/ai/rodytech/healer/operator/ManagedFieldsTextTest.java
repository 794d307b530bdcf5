package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManagedFieldsTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** As an API server writes a Job's watch event: compact, metadata's managed fields after its owners. */
  static final String JOB_EVENT = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Job\",\"apiVersion\":\"batch/v1\","
      + "\"metadata\":{\"name\":\"nightly-29011\",\"namespace\":\"ci\",\"uid\":\"6c1c2b9e-0d7e-4c1b-a0f1-3c2d9b1e7a55\","
      + "\"resourceVersion\":\"90412\",\"generation\":1,\"creationTimestamp\":\"2026-12-07T10:00:00Z\","
      + "\"labels\":{\"batch.kubernetes.io/controller-uid\":\"6c1c2b9e\",\"managedFields\":\"a label, not them\"},"
      + "\"annotations\":{\"note\":\"text with \\\"managedFields\\\":[ inside\"},"
      + "\"ownerReferences\":[{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\",\"name\":\"nightly\","
      + "\"uid\":\"0f3a9d2c-7b1e-4e0a-9c55-1d2e3f4a5b6c\",\"controller\":true,\"blockOwnerDeletion\":true}],"
      + "\"finalizers\":[\"batch.kubernetes.io/job-tracking\"],"
      + "\"managedFields\":[{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\",\"apiVersion\":"
      + "\"batch/v1\",\"time\":\"2026-12-07T10:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":"
      + "{\"f:ownerReferences\":{\".\":{},\"k:{\\\"uid\\\":\\\"0f3a9d2c-7b1e-4e0a-9c55-1d2e3f4a5b6c\\\"}\":{}}},"
      + "\"f:spec\":{\"f:backoffLimit\":{}}}},{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\","
      + "\"apiVersion\":\"batch/v1\",\"time\":\"2026-12-07T10:01:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":"
      + "{\"f:status\":{\"f:conditions\":{},\"f:failed\":{}}},\"subresource\":\"status\"}]},"
      + "\"spec\":{\"backoffLimit\":0,\"managedFields\":[\"a field of the spec, kept\"],\"template\":{\"metadata\":"
      + "{\"labels\":{\"job-name\":\"nightly-29011\"},\"managedFields\":[]},\"spec\":{\"restartPolicy\":\"Never\","
      + "\"containers\":[{\"name\":\"build\",\"image\":\"maven:3.9\"}]}}},"
      + "\"status\":{\"failed\":1,\"conditions\":[{\"type\":\"Failed\",\"status\":\"True\"}]}}}";

  @Test
  void theManagedFieldsOfEveryMetadataAreCutAndNothingElse() throws Exception {
    String cut = cut(JOB_EVENT);

    assertThat(JSON.readTree(cut)).isEqualTo(withoutManagedFields(JSON.readTree(JOB_EVENT)));
    assertThat(cut).doesNotContain("kube-controller-manager")
        .contains("\"managedFields\":\"a label, not them\"")
        .contains("\\\"managedFields\\\":[ inside")
        .contains("\"managedFields\":[\"a field of the spec, kept\"]")
        .as("the pod template's metadata is an object's metadata too").doesNotContain("\"managedFields\":[]");
  }

  @Test
  void aListsItemsAreEachCutAndItsOwnMetadataKept() throws Exception {
    String item = "{\"metadata\":{\"name\":\"%s\",\"managedFields\":[{\"manager\":\"m\",\"fieldsV1\":{\"k:{\\\"uid\\\":"
        + "\\\"%s\\\"}\":{}}}]},\"status\":{}}";
    String list = "{\"kind\":\"JobList\",\"metadata\":{\"resourceVersion\":\"7\",\"continue\":\"x\"},\"items\":["
        + item.formatted("a", "u1") + "," + item.formatted("b", "u2") + "]}";

    String cut = cut(list);

    assertThat(cut).isEqualTo("{\"kind\":\"JobList\",\"metadata\":{\"resourceVersion\":\"7\",\"continue\":\"x\"},"
        + "\"items\":[{\"metadata\":{\"name\":\"a\"},\"status\":{}},{\"metadata\":{\"name\":\"b\"},\"status\":{}}]}");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"metadata\":{\"managedFields\":[{\"a\":1}]}}|{\"metadata\":{}}",
      "{\"metadata\":{\"managedFields\":[],\"name\":\"n\"}}|{\"metadata\":{\"name\":\"n\"}}",
      "{\"metadata\":{\"name\":\"n\",\"managedFields\":[]}}|{\"metadata\":{\"name\":\"n\"}}",
      "{\"metadata\":{\"a\":1,\"managedFields\":[{\"x\":\"]}\"}],\"b\":2}}|{\"metadata\":{\"a\":1,\"b\":2}}",
      "{\"metadata\":{ \"managedFields\":[] }}|{\"metadata\":{  }}",
      "{\"metadata\":{\"a\":1 , \"managedFields\":[] }}|{\"metadata\":{\"a\":1  }}",
      "{\"metadata\":{ \"managedFields\" :[], \"a\":1}}|{\"metadata\":{ \"managedFields\" :[], \"a\":1}}",
      "{\"metadata\":{ \"managedFields\":[] ,\"a\":1}}|{\"metadata\":{ \"a\":1}}"})
  void theMemberGoesWithOneCommaWhereverItStands(String pair) {
    String[] inOut = pair.split("\\|");
    assertThat(cut(inOut[0])).isEqualTo(inOut[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"kind\":\"ConfigMap\",\"data\":{\"managedFields\":\"[1]\"}}",
      "{\"spec\":{\"metadata\":\"not an object\",\"managedFields\":[1]}}",
      "{\"metadata\":[{\"managedFields\":[1]}]}",
      "{\"x\":\"\\\\\",\"y\":{\"managedFields\":[1]}}",
      "{\"metadata\":{\"managedFields\":[1",
      "{\"metadata\":{\"name\":\"unterminated, \"managedFields\":[1]}}",
      "{\"metadata\":{\"managedFields\":\"not a list\"}}",
      "not json \"managedFields\":[",
      "]]]\"managedFields\":[]"})
  void textWhereTheNameIsNotMetadatasOrIsNotWellFormedIsLeftAsItIs(String text) {
    assertThat(cut(text)).isSameAs(text);
  }

  @Test
  void textWithoutTheNameIsTheSameStringAndNothingIsWrittenIntoABuffer() {
    String text = "{\"metadata\":{\"name\":\"n\"}}";
    char[] buffer = new char[64];
    assertThat(cut(text)).isSameAs(text);
    assertThat(ManagedFieldsText.cut(text, buffer)).isEqualTo(-1);
    assertThat(buffer).containsOnly('\0');
  }

  @Test
  void aBufferReceivesWhatTheStringWouldHold() {
    String list = "{\"items\":[{\"metadata\":{\"managedFields\":[1],\"name\":\"a\"}},{\"metadata\":{\"name\":\"b\","
        + "\"managedFields\":[2]}},{\"metadata\":{\"name\":\"c\",\"managedFields\":[3],\"uid\":\"u\"}}]}";
    for (String text : new String[] {JOB_EVENT, list}) {
      char[] buffer = new char[text.length()];
      int length = ManagedFieldsText.cut(text, buffer);

      assertThat(new String(buffer, 0, length)).isEqualTo(cut(text)).isNotEqualTo(text);
    }
    assertThat(cut(list)).isEqualTo("{\"items\":[{\"metadata\":{\"name\":\"a\"}},"
        + "{\"metadata\":{\"name\":\"b\"}},{\"metadata\":{\"name\":\"c\",\"uid\":\"u\"}}]}");
  }

  /** {@code json} without its objects' managed fields, as a string; the same string when it has none. */
  private static String cut(String json) {
    char[] kept = new char[json.length()];
    int length = ManagedFieldsText.cut(json, kept);
    return length < 0 ? json : new String(kept, 0, length);
  }

  /** The tree with {@code managedFields} taken out of every object under a {@code metadata} member. */
  private static JsonNode withoutManagedFields(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (field.getKey().equals("metadata") && field.getValue() instanceof ObjectNode metadata) {
          metadata.remove("managedFields");
        }
        withoutManagedFields(field.getValue());
      }
    } else if (node.isArray()) {
      node.forEach(ManagedFieldsTextTest::withoutManagedFields);
    }
    return node;
  }
}
