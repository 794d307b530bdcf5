package ai.rodytech.healer.core.change;

import static ai.rodytech.healer.core.change.TestJobs.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JobDiffTest {
  private static final String BUILD = "/spec/template/spec/containers/0";

  private final ObjectNode failed = TestJobs.load("build-oom.yaml");

  @Test
  void serverAndControllerFieldsAreNotChanges() {
    ObjectNode other = failed.deepCopy();
    at(other, "/metadata").put("uid", "another-uid").put("resourceVersion", "1").remove("ownerReferences");
    at(other, "/metadata/labels").put("controller-uid", "another-uid").put("job-name", "another");
    at(other, "/spec/template/metadata/labels").put("batch.kubernetes.io/controller-uid", "another-uid");
    at(other, "/spec/selector/matchLabels").put("batch.kubernetes.io/controller-uid", "another-uid");
    at(other, "/spec").put("manualSelector", true);
    at(other, "/metadata/annotations").put("kubectl.kubernetes.io/last-applied-configuration", "{\"kind\":\"Job\"}")
        .put("batch.kubernetes.io/job-tracking", "");
    other.remove("status");

    ChangeSet change = TestJobs.diff(failed, other);

    assertThat(change.changedPaths()).isEmpty();
    assertThat(change.unifiedDiff()).isEmpty();
    assertThat(change.changedLines()).isZero();
    assertThat(change.before().has("status")).isFalse();
    assertThat(change.before().path("metadata").has("managedFields")).isFalse();
    assertThat(change.before().path("spec").has("selector")).isFalse();
    assertThat(change.before().at("/metadata/labels").fieldNames()).toIterable()
        .containsExactly("rodytech.ai/pipeline", "team");
  }

  @Test
  void memoryChangeListsLeavesWritesUnifiedDiffAndCountsLines() {
    ObjectNode after = failed.deepCopy();
    at(after, BUILD + "/resources/limits").put("memory", "768Mi");
    at(after, BUILD + "/resources/requests").put("memory", "384Mi");

    ChangeSet change = TestJobs.diff(failed, after);

    assertThat(change.changedPaths())
        .containsExactly(BUILD + "/resources/limits/memory", BUILD + "/resources/requests/memory");
    assertThat(change.unifiedDiff())
        .isEqualTo(
            """
            --- backend-ci-build-28734561
            +++ backend-ci-build-28734561
            @@ -42,10 +42,10 @@
                     resources:
                       limits:
                         cpu: "2"
            -            memory: 512Mi
            +            memory: 768Mi
                       requests:
                         cpu: "1"
            -            memory: 256Mi
            +            memory: 384Mi
                     securityContext:
                       allowPrivilegeEscalation: false
                     volumeMounts:
            """);
    assertThat(change.changedLines()).isEqualTo(4);
  }

  @Test
  void healerMetadataIsDiffedButNotCounted() {
    ObjectNode after = TestJobs.proposedRun(failed);

    ChangeSet change = TestJobs.diff(failed, after);

    assertThat(change.changedPaths())
        .containsExactly(
            "/metadata/annotations/rodytech.ai~1root",
            "/metadata/generateName",
            "/metadata/labels/rodytech.ai~1attempt",
            "/metadata/name",
            "/spec/template/metadata/labels/rodytech.ai~1attempt");
    assertThat(change.unifiedDiff())
        .startsWith("--- backend-ci-build-28734561\n+++ backend-ci-build-28734561-heal-\n")
        .contains("+    rodytech.ai/root: backend-ci-build-28734561\n")
        .contains("-  name: backend-ci-build-28734561\n");
    assertThat(change.changedLines()).isZero();
  }

  @Test
  void otherMetadataCounts() {
    ObjectNode after = TestJobs.proposedRun(failed);
    at(after, "/metadata/labels").put("team", "frontend");
    at(after, "/metadata/annotations").put("example.com/owner", "someone");

    ChangeSet change = TestJobs.diff(failed, after);

    // One label line replaced (2) and one annotation line added (1).
    assertThat(change.changedLines()).isEqualTo(3);
    assertThat(change.changedPaths()).contains("/metadata/labels/team", "/metadata/annotations/example.com~1owner");
  }

  @Test
  void addedSubtreeListsEachLeaf() {
    ObjectNode after = failed.deepCopy();
    after.withArray(BUILD + "/env").addObject().put("name", "CI").put("value", "true");

    ChangeSet change = TestJobs.diff(failed, after);

    assertThat(change.changedPaths()).containsExactly(BUILD + "/env/3/name", BUILD + "/env/3/value");
    assertThat(change.changedLines()).isEqualTo(2);
    assertThat(change.unifiedDiff()).contains("+        - name: CI\n+          value: \"true\"\n");
  }

  @Test
  void aLongValueIsOneLine() {
    ObjectNode after = failed.deepCopy();
    at(after, BUILD + "/env/0").put("value", "--max-old-space-size=400 " + "--trace-warnings ".repeat(20));

    ChangeSet change = TestJobs.diff(failed, after);

    assertThat(change.changedLines()).isEqualTo(2);
  }

  @Test
  void keyOrderOfTheInputDoesNotMatter() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode one = (ObjectNode) json.readTree("{\"kind\":\"Job\",\"spec\":{\"b\":1,\"a\":[{\"q\":1,\"p\":2}]}}");
    ObjectNode two = (ObjectNode) json.readTree("{\"spec\":{\"a\":[{\"p\":2,\"q\":1}],\"b\":1},\"kind\":\"Job\"}");
    ObjectNode changed = (ObjectNode) json.readTree("{\"spec\":{\"a\":[{\"p\":3,\"q\":1}],\"b\":1},\"kind\":\"Job\"}");

    assertThat(TestJobs.diff(one, two).changedPaths()).isEmpty();
    assertThat(TestJobs.diff(one, changed)).isEqualTo(TestJobs.diff(two, changed));
    assertThat(TestJobs.diff(one, changed).unifiedDiff())
        .isEqualTo(
            """
            --- failed run
            +++ proposed run
            @@ -1,6 +1,6 @@
             kind: Job
             spec:
               a:
            -  - p: 2
            +  - p: 3
                 q: 1
               b: 1
            """);
  }

  @Test
  void aJobMustBeAnObject() {
    assertThatThrownBy(() -> TestJobs.diff(new ObjectMapper().createArrayNode(), failed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object");
  }
}
