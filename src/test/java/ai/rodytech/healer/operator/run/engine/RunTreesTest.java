package ai.rodytech.healer.operator.run.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class RunTreesTest {

  private static Job job(String version, String image) {
    return new JobBuilder()
        .withNewMetadata().withName("build-1").withNamespace("ci").withResourceVersion(version).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("build").withImage(image)
        .endContainer().endSpec().endTemplate().endSpec()
        .build();
  }

  private static String image(ObjectNode tree) {
    return tree.at("/spec/template/spec/containers/0/image").asText();
  }

  @Test
  void eachCallGivesATreeOfItsOwn() {
    Job job = job("7", "node:20");
    ObjectNode first = RunTrees.tree(job);
    first.with("spec").removeAll();
    first.with("metadata").put("name", "changed");

    ObjectNode second = RunTrees.tree(job);

    assertThat(second).isNotSameAs(first);
    assertThat(second.at("/metadata/name").asText()).isEqualTo("build-1");
    assertThat(image(second)).isEqualTo("node:20");
  }

  @Test
  void anotherObjectOrAnotherVersionIsReadAgain() {
    Job job = job("7", "node:20");
    assertThat(image(RunTrees.tree(job))).isEqualTo("node:20");

    assertThat(image(RunTrees.tree(job("8", "node:22")))).as("a new object").isEqualTo("node:22");

    job.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("node:18");
    job.getMetadata().setResourceVersion("9");
    assertThat(image(RunTrees.tree(job))).as("the same object at a new version").isEqualTo("node:18");
  }

  @Test
  void aRunWithoutAVersionIsReadEachTime() {
    Job job = job(null, "node:20");
    assertThat(image(RunTrees.tree(job))).isEqualTo("node:20");

    job.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("node:22");

    assertThat(image(RunTrees.tree(job))).isEqualTo("node:22");
  }
}
