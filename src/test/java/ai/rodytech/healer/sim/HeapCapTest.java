package ai.rodytech.healer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.sim.HeapCap.Cap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapCapTest {
  private static final RunOutcome PASS = RunOutcome.succeeded(SampleLogs.mavenSuccess(), Duration.ofSeconds(40));
  private static final long MI = 1L << 20;

  @Test
  void findsTheCapEachRuntimeReads() {
    assertThat(HeapCap.find(Map.of("MAVEN_OPTS", "-Xms128m -Xmx512m -XX:+UseG1GC")))
        .contains(new Cap(HeapCap.Runtime.JVM, "MAVEN_OPTS", BigDecimal.valueOf(512 * MI)));
    assertThat(HeapCap.find(Map.of("GRADLE_OPTS", "-Xmx2g"))).get().extracting(Cap::bytes)
        .isEqualTo(BigDecimal.valueOf(2048 * MI));
    assertThat(HeapCap.find(Map.of("JAVA_TOOL_OPTIONS", "-Xmx1024M"))).get().extracting(Cap::variable)
        .isEqualTo("JAVA_TOOL_OPTIONS");
    assertThat(HeapCap.find(Map.of("NODE_OPTIONS", "--max-old-space-size=4096")))
        .contains(new Cap(HeapCap.Runtime.NODE, "NODE_OPTIONS", BigDecimal.valueOf(4096 * MI)));
    assertThat(HeapCap.find(Map.of("MAVEN_OPTS", "-Xmx256m -Xmx768m"))).get().extracting(Cap::bytes)
        .as("the last -Xmx wins, as on the JVM").isEqualTo(BigDecimal.valueOf(768 * MI));
    assertThat(HeapCap.find(Map.of("MAVEN_OPTS", "-Xms512m", "NODE_OPTIONS", "--enable-source-maps"))).isEmpty();
    assertThat(HeapCap.find(Map.of("MAVEN_OPTS", "-Xmx512mb"))).as("not a size the JVM accepts").isEmpty();
  }

  @Test
  void aCapBelowTheNeedFailsInsideTheProcessAndALimitBelowTheFootprintIsKilled() {
    Quantity limit = new Quantity("1Gi");
    RunOutcome jvm = HeapCap.outcome(Map.of("MAVEN_OPTS", "-Xmx256m"), limit, "600Mi", PASS);
    assertThat(jvm.exitCode()).isEqualTo(1);
    assertThat(jvm.terminationReason()).isEqualTo("Error");
    assertThat(jvm.log()).contains("java.lang.OutOfMemoryError: Java heap space");

    RunOutcome node = HeapCap.outcome(Map.of("NODE_OPTIONS", "--max-old-space-size=512"), limit, "600Mi", PASS);
    assertThat(node.exitCode()).isEqualTo(134);
    assertThat(node.log()).contains("JavaScript heap out of memory");

    RunOutcome killed = HeapCap.outcome(Map.of("MAVEN_OPTS", "-Xmx700m"), new Quantity("700Mi"), "600Mi", PASS);
    assertThat(killed.terminationReason()).isEqualTo("OOMKilled");
    assertThat(killed.exitCode()).isEqualTo(137);

    assertThat(HeapCap.outcome(Map.of("MAVEN_OPTS", "-Xmx700m"), limit, "600Mi", PASS)).isSameAs(PASS);
    assertThat(HeapCap.outcome(Map.of(), null, "600Mi", PASS)).as("no cap, no limit").isSameAs(PASS);
    assertThat(HeapCap.outcome(Map.of(), new Quantity("512Mi"), "600Mi", PASS).terminationReason()).isEqualTo("OOMKilled");
  }

  @Test
  void theJobScriptReadsTheContainerThatSetsTheCap() {
    RunScript script = RunScript.heapCap("600Mi", PASS);
    RunOutcome capped = script.run(job("-Xmx512m", "1Gi"));
    assertThat(capped.container()).isEqualTo("build");
    assertThat(capped.log()).contains("Java heap space");
    assertThat(script.run(job("-Xmx768m", "1Gi"))).isEqualTo(PASS.inContainer("build"));
    assertThat(script.run(job("-Xmx768m", "700Mi")).terminationReason()).isEqualTo("OOMKilled");
  }

  private static Job job(String xmx, String memory) {
    return new JobBuilder()
        .withNewMetadata().withName("backend-ci-build-1").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec()
        .addNewContainer().withName("proxy").withImage("envoyproxy/envoy:v1.30").endContainer()
        .addNewContainer().withName("build").withImage("maven:3.9-eclipse-temurin-17")
        .addNewEnv().withName("MAVEN_OPTS").withValue(xmx).endEnv()
        .withNewResources().addToLimits("memory", new Quantity(memory)).endResources()
        .endContainer()
        .endSpec().endTemplate().endSpec()
        .build();
  }
}
