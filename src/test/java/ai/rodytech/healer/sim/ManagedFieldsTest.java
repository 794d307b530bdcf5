package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {
  private final ManagedFields fields = new ManagedFields(Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"),
      ZoneOffset.UTC));

  @Test
  void theManagerIsTheUserAgentsFirstPart() {
    assertThat(ManagedFields.manager("fabric8-kubernetes-client/7.5.2 (linux/amd64)"))
        .isEqualTo("fabric8-kubernetes-client");
    assertThat(ManagedFields.manager("kubectl")).isEqualTo("kubectl");
    assertThat(ManagedFields.manager(null)).isEqualTo("unknown");
  }

  @Test
  void aCreateGivesItsManagerEveryFieldItWroteButTheServersAndContainersByName() {
    ObjectNode job = tree("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"build-1\","
        + "\"namespace\":\"ci\",\"uid\":\"u\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"backoffLimit\":0,"
        + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"build\",\"image\":\"maven\"}]}}},"
        + "\"status\":{\"active\":1}}");

    fields.record(job, null, "healer", "");

    JsonNode entry = job.path("metadata").path("managedFields").get(0);
    assertThat(entry.path("manager").asText()).isEqualTo("healer");
    assertThat(entry.path("operation").asText()).isEqualTo("Update");
    assertThat(entry.path("apiVersion").asText()).isEqualTo("batch/v1");
    assertThat(entry.path("time").asText()).isEqualTo("2026-12-07T10:00:00Z");
    assertThat(entry.has("subresource")).isFalse();
    assertThat(entry.path("fieldsV1")).isEqualTo(tree("{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}},"
        + "\"f:spec\":{\"f:backoffLimit\":{},\"f:template\":{\"f:spec\":{\"f:containers\":"
        + "{\"k:{\\\"name\\\":\\\"build\\\"}\":{\".\":{},\"f:image\":{}}}}}}}"));
  }

  @Test
  void aStatusWriteAddsTheStatusFieldsItChangedToItsOwnEntry() {
    ObjectNode before = tree("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"b\"},"
        + "\"spec\":{\"parallelism\":1},\"status\":{\"active\":1}}");
    fields.record(before, null, "healer", "");
    ObjectNode after = before.deepCopy();
    ((ObjectNode) after.path("status")).put("active", 1).put("failed", 1);

    fields.record(after, before, "kube-controller-manager", "status");

    JsonNode entries = after.path("metadata").path("managedFields");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(1).path("manager").asText()).isEqualTo("kube-controller-manager");
    assertThat(entries.get(1).path("subresource").asText()).isEqualTo("status");
    assertThat(entries.get(1).path("fieldsV1")).isEqualTo(tree("{\"f:status\":{\"f:failed\":{}}}"));
    assertThat(entries.get(0)).as("the creator's entry unchanged").isEqualTo(
        before.path("metadata").path("managedFields").get(0));
  }

  @Test
  void fieldsAndListItemsAnUpdateRemovedAreNoOnesAndAnEntryLeftEmptyGoes() {
    ObjectNode history = tree("{\"apiVersion\":\"rodytech.ai/v1alpha1\",\"kind\":\"PipelineHistory\","
        + "\"metadata\":{\"name\":\"h\",\"labels\":{\"a\":\"1\"}},\"status\":{\"runs\":[{\"uid\":\"r1\"}]}}");
    fields.record(history, null, "creator", "");
    ObjectNode second = history.deepCopy();
    ((ObjectNode) second.path("metadata")).putObject("labels").put("a", "1").put("b", "2");
    fields.record(second, history, "labeller", "");
    ObjectNode third = second.deepCopy();
    ((ObjectNode) third.path("status")).putArray("runs").addObject().put("uid", "r2");
    fields.record(third, second, "ledger", "status");
    ObjectNode fourth = third.deepCopy();
    ((ObjectNode) fourth.path("status")).putArray("runs").addObject().put("uid", "r3");
    fields.record(fourth, third, "ledger", "status");

    JsonNode ledger = fourth.path("metadata").path("managedFields").get(2);
    assertThat(ledger.path("fieldsV1")).as("the runs it holds now, not every run it held")
        .isEqualTo(tree("{\"f:status\":{\"f:runs\":{\"k:{\\\"uid\\\":\\\"r3\\\"}\":{\".\":{}}}}}"));

    ObjectNode fifth = fourth.deepCopy();
    ((ObjectNode) fifth.path("metadata")).putObject("labels").put("a", "1");
    fields.record(fifth, fourth, "creator", "");

    JsonNode entries = fifth.path("metadata").path("managedFields");
    assertThat(entries).extracting(e -> e.path("manager").asText()).as("the labeller owned only label b")
        .containsExactly("creator", "ledger");
    assertThat(entries.get(0).path("fieldsV1").path("f:metadata").path("f:labels")).isEqualTo(tree("{\"f:a\":{}}"));
  }

  private static ObjectNode tree(String json) {
    return (ObjectNode) JsonBodies.tree(json);
  }
}
