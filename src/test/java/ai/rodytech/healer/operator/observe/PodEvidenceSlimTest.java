package ai.rodytech.healer.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the pod watches' caches keep of a pod. */
class PodEvidenceSlimTest {

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace("ci").withUid("uid-" + name)
        .addToLabels("tekton.dev/pipelineRun", "run-1")
        .addToAnnotations("pipeline.tekton.dev/release", "v0.59.0").endMetadata()
        .withNewSpec().withNodeName("node-1")
        .addNewContainer().withName("step-test").withImage("maven:3.9")
        .withCommand("/tekton/bin/entrypoint").withArgs("-post_file", "/tekton/run/1/out")
        .addNewEnv().withName("MAVEN_OPTS").withValue("-Xmx256m").endEnv()
        .addNewEnv().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef("token", "ci-secret", false)
        .endValueFrom().endEnv()
        .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi"))
        .endResources().endContainer().endSpec()
        .withNewStatus().withPhase("Failed").withReason("Evicted").withMessage("low on memory").withPodIP("10.0.0.7")
        .addNewCondition().withType("Ready").withStatus("False").endCondition()
        .addNewContainerStatus().withName("step-test").withImageID("maven@sha256:abc").withRestartCount(1)
        .withNewState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
        .withContainerID("containerd://0123").endTerminated().endState()
        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState()
        .endContainerStatus().endStatus()
        .build();
  }

  @Test
  void aCachedPodKeepsWhatIsReadAndDropsTheRest() {
    Pod slim = PodEvidence.slimWithContainers(Set.of()).apply(pod("p1"));

    assertThat(slim.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(slim.getStatus().getReason()).isEqualTo("Evicted");
    assertThat(slim.getStatus().getMessage()).isEqualTo("low on memory");
    assertThat(slim.getStatus().getConditions()).isEmpty();
    assertThat(slim.getStatus().getPodIP()).isNull();
    var status = slim.getStatus().getContainerStatuses().get(0);
    assertThat(status.getImageID()).isEqualTo("maven@sha256:abc");
    assertThat(status.getRestartCount()).isEqualTo(1);
    assertThat(status.getState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(status.getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(status.getState().getTerminated().getContainerID()).isNull();
    assertThat(status.getLastState().getTerminated().getReason()).isEqualTo("Error");
    var container = slim.getSpec().getContainers().get(0);
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
    assertThat(container.getEnv()).extracting(e -> e.getName()).containsExactly("MAVEN_OPTS");
    assertThat(container.getCommand()).isEmpty();
    assertThat(slim.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(PodEvidence.slim(pod("p1")).getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
  }
}
