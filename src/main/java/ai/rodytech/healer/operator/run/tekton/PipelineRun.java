package ai.rodytech.healer.operator.run.tekton;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Tekton PipelineRun ({@code tekton.dev/v1}) as a generic resource: no Tekton Java model resolves here (see
 * docs/run-kinds.md), and the healer reads and writes runs as JSON trees anyway. The type exists so that JOSDK and
 * fabric8 tell its controller, informer and requests apart from other kinds. Not a CustomResource, so the
 * crd-generator never writes a CRD for it.
 */
@Group("tekton.dev")
@Version("v1")
@Kind("PipelineRun")
@Plural("pipelineruns")
public class PipelineRun extends GenericKubernetesResource implements Namespaced {
  public static final String API_VERSION = "tekton.dev/v1";
  public static final String KIND = "PipelineRun";
}
