package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Where the work of one run kind sits in its object tree. The decision core (diff, plan applier, guard) finds
 * containers, pod-level settings and volumes only through a layout, so it never knows a Job from a PipelineRun.
 * Implementations live with their run kind (package {@code operator.run.*}); docs/run-kinds.md explains each.
 */
public interface RunLayout {

  /**
   * Every container-like unit of the run, in a stable order: a Job's containers and init containers, a Tekton
   * step, an Argo template's container or script. Ids are unique within a run and the same in the failed run,
   * the proposed run and the failure snapshot ({@code ContainerObservation.name()}).
   */
  List<Workload> workloads(JsonNode run);

  /** Pod-level scopes: where service accounts, host namespaces, security contexts and volumes are set. */
  List<PodScope> podScopes(JsonNode run);

  /**
   * The metadata objects of the run whose {@code rodytech.ai/} keys are the healer's bookkeeping, as JSON
   * pointers: always {@code /metadata}, plus e.g. a Job's pod template metadata.
   */
  List<String> metadataScopes();

  /**
   * A kind's own forbidden fields, beyond containers and pod scopes (a Tekton workspace bound to a Secret, an
   * Argo workflow's podSpecPatch): the reason when {@code path} is one, else empty.
   */
  default Optional<String> forbidden(String path) {
    return Optional.empty();
  }

  /** Volume-like entries (named, possibly Secret or hostPath backed) that are not in a pod scope's volumes. */
  default List<JsonNode> extraVolumes(JsonNode run) {
    return List.of();
  }
}
