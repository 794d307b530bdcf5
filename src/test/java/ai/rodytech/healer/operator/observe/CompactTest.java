package ai.rodytech.healer.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cached model object without its empty collections: the same object as JSON, fewer objects in memory. */
class CompactTest {

  private static Pod pod() {
    return new PodBuilder().withNewMetadata().withName("build-1-x").withNamespace("ci").withUid("u1")
        .addToLabels("job-name", "build-1").addNewOwnerReference().withKind("Job").withName("build-1")
        .withUid("j1").endOwnerReference().endMetadata()
        .withNewSpec().withNodeName("node-a").addNewContainer().withName("build").withImage("node:20")
        .withNewResources().addToLimits("memory", new Quantity("512Mi")).endResources()
        .addNewEnv().withName("CI").withValue("true").endEnv().endContainer().endSpec()
        .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("build").withImage("node:20")
        .withNewState().withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated().endState()
        .endContainerStatus().endStatus().build();
  }

  @Test
  void theCompactedObjectIsTheSameObjectAsJson() {
    Pod pod = pod();
    String before = Serialization.asJson(pod);

    Pod compacted = Compact.compact(pod);

    assertThat(compacted).isSameAs(pod);
    assertThat(Serialization.asJson(compacted)).isEqualTo(before);
    assertThat(compacted).isEqualTo(pod());
  }

  @Test
  void everyEmptyCollectionAtAnyDepthIsTheSharedEmptyOneAndTheRestIsKept() {
    Pod pod = Compact.compact(pod());

    assertThat(pod.getAdditionalProperties()).isSameAs(Map.of());
    assertThat(pod.getMetadata().getFinalizers()).isSameAs(List.of());
    assertThat(pod.getMetadata().getAnnotations()).isSameAs(Map.of());
    assertThat(pod.getSpec().getVolumes()).isSameAs(List.of());
    assertThat(pod.getSpec().getContainers().get(0).getArgs()).isSameAs(List.of());
    assertThat(pod.getSpec().getContainers().get(0).getEnv().get(0).getAdditionalProperties()).isSameAs(Map.of());
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getAdditionalProperties())
        .isSameAs(Map.of());
    assertThat(pod.getStatus().getConditions()).isSameAs(List.of());

    assertThat(pod.getMetadata().getLabels()).containsEntry("job-name", "build-1");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getAdditionalProperties()).isSameAs(Map.of()));
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits().get("memory"))
        .isEqualTo(new Quantity("512Mi"));
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isEqualTo(137);
  }

  @Test
  void aCompactedObjectRefusesToGrowWhereItWasEmpty() {
    Pod pod = Compact.compact(pod());

    assertThatThrownBy(() -> pod.getSpec().getVolumes().add(null)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anythingButAModelObjectIsLeftAsItIs() {
    List<String> list = new java.util.ArrayList<>();

    assertThat(Compact.compact(list)).isSameAs(list);
    assertThat(Compact.compact((Object) null)).isNull();
  }
}
