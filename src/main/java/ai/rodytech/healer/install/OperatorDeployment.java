package ai.rodytech.healer.install;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operator's Deployment (`healer run`, probes on its HTTP port, locked-down container) and metrics Service. */
final class OperatorDeployment {
  static final int HTTP_PORT = 8080;
  /** The image's non-root user (see the jib configuration in pom.xml). */
  static final long USER = 65532L;
  /** Two pods: one leads, the other takes over within the Lease's duration when the leader goes away. */
  static final int REPLICAS = 2;

  private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", InstallManifests.NAME);

  private OperatorDeployment() {}

  /** /metrics for Prometheus (a ServiceMonitor selects it by its labels and the port name). */
  static Service metricsService(InstallOptions options) {
    return new ServiceBuilder()
        .withMetadata(InstallManifests.metadata(InstallManifests.NAME, options.namespace()))
        .withNewSpec()
        .withSelector(SELECTOR)
        .addNewPort()
        .withName("http")
        .withPort(HTTP_PORT)
        .withTargetPort(new IntOrString("http"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  static Deployment deployment(InstallOptions options) {
    List<String> args = new ArrayList<>(List.of("run", "--leader-election"));
    if (!options.watchesAllNamespaces()) {
      args.add("--namespace=" + String.join(",", options.watchNamespaces()));
    }
    return new DeploymentBuilder()
        .withMetadata(InstallManifests.metadata(InstallManifests.NAME, options.namespace()))
        .withNewSpec()
        .withReplicas(REPLICAS)
        .withNewSelector()
        .withMatchLabels(SELECTOR)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(InstallManifests.labels())
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(InstallManifests.NAME)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER)
        .withRunAsGroup(USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(
            new ContainerBuilder()
                .withName("operator")
                .withImage(options.image())
                .withImagePullPolicy("IfNotPresent")
                .withArgs(args)
                .addNewPort()
                .withName("http")
                .withContainerPort(HTTP_PORT)
                .withProtocol("TCP")
                .endPort()
                .withEnv(
                    new EnvVarBuilder()
                        .withName("POD_NAME")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.name")
                        .endFieldRef()
                        .endValueFrom()
                        .build(),
                    new EnvVarBuilder()
                        .withName("POD_NAMESPACE")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.namespace")
                        .endFieldRef()
                        .endValueFrom()
                        .build(),
                    new EnvVarBuilder().withName("HEALER_LOG_LEVEL").withValue("INFO").build(),
                    // The JVM sizes its heap from the container's memory limit.
                    new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue("-XX:MaxRAMPercentage=75").build())
                // HEALER_LLM_* settings; optional, so that the operator runs with the offline rules brain alone.
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName(options.llmSecret())
                .withOptional(true)
                .endSecretRef()
                .endEnvFrom()
                .withLivenessProbe(probe("/healthz", 20))
                .withReadinessProbe(probe("/readyz", 5))
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                // The only writable path, for the JVM's temporary files.
                .addNewVolumeMount()
                .withName("tmp")
                .withMountPath("/tmp")
                .endVolumeMount()
                .build())
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Probe probe(String path, int initialDelaySeconds) {
    return new ProbeBuilder()
        .withHttpGet(new HTTPGetActionBuilder().withPath(path).withPort(new IntOrString("http")).build())
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(10)
        .build();
  }
}
