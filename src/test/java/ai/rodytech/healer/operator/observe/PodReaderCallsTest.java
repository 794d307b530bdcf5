package ai.rodytech.healer.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.LogTail;
import ai.rodytech.healer.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a failed pod's log costs one API call: the log itself, no wait for the pod to be ready. */
class PodReaderCallsTest {

  @Test
  void aLogIsOneCall() {
    try (TestCluster k8s = new TestCluster()) {
      Pod pod = k8s.client.pods().inNamespace("ci").resource(new PodBuilder().withNewMetadata().withName("p-1")
          .withNamespace("ci").addToLabels("controller-uid", "u1").endMetadata().withNewSpec()
          .addNewContainer().withName("build").withImage("maven:3.9").endContainer().endSpec().build()).create();
      pod.setStatus(new PodStatusBuilder().withPhase("Failed").addNewContainerStatus().withName("build")
          .withNewState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endState()
          .endContainerStatus().build());
      k8s.client.pods().inNamespace("ci").resource(pod).updateStatus();
      k8s.cluster.podLogs().put("ci", "p-1", "build", "line 1\\nBUILD FAILURE\\n");
      PodReader reader = new PodReader(k8s.client, Redactor.none(), LogLimits.DEFAULT);
      List<String> missing = new ArrayList<>();
      k8s.countFromHere();

      List<Pod> pods = reader.pods("ci", "controller-uid", "u1", missing);
      LogTail tail = reader.log(pods.get(0), "build", false, missing);

      assertThat(tail.text()).contains("BUILD FAILURE");
      assertThat(missing).isEmpty();
      System.out.println("calls: " + k8s.cluster.requests().snapshot());
      assertThat(k8s.count("GET", "/api/v1/namespaces/ci/pods")).isEqualTo(1);
      assertThat(k8s.count("GET", "/api/v1/namespaces/ci/pods/p-1/log")).isEqualTo(1);
    }
  }
}
