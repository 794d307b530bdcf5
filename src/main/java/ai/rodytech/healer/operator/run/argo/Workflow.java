package ai.rodytech.healer.operator.run.argo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An Argo Workflow ({@code argoproj.io/v1alpha1}) as a generic resource: there is no Argo Java model, and the healer
 * reads and writes runs as JSON trees anyway. The type exists so that JOSDK and fabric8 tell its controller,
 * informer and requests apart from other kinds. Not a CustomResource, so the crd-generator never writes a CRD for it.
 */
@Group("argoproj.io")
@Version("v1alpha1")
@Kind("Workflow")
@Plural("workflows")
public class Workflow extends GenericKubernetesResource implements Namespaced {
  public static final String API_VERSION = "argoproj.io/v1alpha1";
  public static final String KIND = "Workflow";
}
