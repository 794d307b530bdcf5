package ai.rodytech.healer.operator.run.tekton;

import static org.assertj.core.api.Assertions.assertThat;

import ai.rodytech.healer.operator.run.engine.RunTrees;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** What the TaskRun watch's cache keeps of a TaskRun (the shape of Tekton's v1 TaskRun status). */
class TaskRunWatchTest {
  private static final String TASK_RUN = """
      {"apiVersion": "tekton.dev/v1", "kind": "TaskRun",
       "metadata": {"name": "run-1-build", "namespace": "ci", "uid": "tr-1",
         "labels": {"tekton.dev/pipelineRun": "run-1", "tekton.dev/pipelineTask": "build"},
         "ownerReferences": [{"apiVersion": "tekton.dev/v1", "kind": "PipelineRun", "name": "run-1", "uid": "pr-1",
           "controller": true}]},
       "spec": {"params": [{"name": "revision", "value": "main"}], "taskRef": {"name": "maven-build"}},
       "status": {
         "conditions": [{"type": "Succeeded", "status": "False", "reason": "Failed", "message": "step-test exited"}],
         "podName": "run-1-build-pod", "startTime": "2026-12-07T08:00:00Z", "completionTime": "2026-12-07T08:01:00Z",
         "results": [{"name": "digest", "value": "sha256:abc"}],
         "steps": [{"name": "test", "container": "step-test", "imageID": "maven@sha256:abc",
           "terminated": {"exitCode": 1, "reason": "Error", "message": "[{\\"key\\":\\"digest\\"}]"}}],
         "taskSpec": {"params": [{"name": "revision"}],
           "steps": [{"name": "test", "image": "maven:3.9", "script": "mvn -B test",
             "computeResources": {"limits": {"memory": "512Mi"}},
             "env": [{"name": "MAVEN_OPTS", "value": "-Xmx256m"},
                     {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "ci", "key": "token"}}}]}]}}}
      """;

  @Test
  void aCachedTaskRunKeepsWhatTheObserverReadsAndNoScriptResultOrSecretReference() {
    JsonNode slim = RunTrees.tree(TaskRunWatch.slim(Serialization.unmarshal(TASK_RUN,
        GenericKubernetesResource.class)));

    assertThat(slim.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("pr-1");
    assertThat(slim.at("/metadata/labels/tekton.dev~1pipelineTask").asText()).isEqualTo("build");
    assertThat(slim.at("/status/conditions/0/reason").asText()).isEqualTo("Failed");
    assertThat(slim.at("/status/podName").asText()).isEqualTo("run-1-build-pod");
    assertThat(slim.at("/status/completionTime").asText()).isEqualTo("2026-12-07T08:01:00Z");
    assertThat(slim.at("/status/steps/0/terminated/exitCode").asInt()).isEqualTo(1);
    assertThat(slim.at("/status/steps/0/container").asText()).isEqualTo("step-test");
    assertThat(slim.at("/status/steps/0/terminated/message").isMissingNode()).isTrue();
    assertThat(slim.at("/status/taskSpec/steps/0/computeResources/limits/memory").asText()).isEqualTo("512Mi");
    assertThat(slim.at("/status/taskSpec/steps/0/env").size()).isEqualTo(1);
    assertThat(slim.at("/status/taskSpec/steps/0/script").isMissingNode()).isTrue();
    assertThat(slim.at("/status/results").isMissingNode()).isTrue();
    assertThat(slim.at("/spec").isMissingNode()).isTrue();
  }
}
