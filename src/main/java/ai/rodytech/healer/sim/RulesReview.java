package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * The API server's answer to a SelfSubjectRulesReview (what may I do in this namespace?), which JOSDK asks before it
 * takes part in leader election. The in-process cluster has no RBAC: everything is allowed, and says so.
 */
final class RulesReview {
  private RulesReview() {}

  static MockResponse allowAll(byte[] requestBody) {
    ObjectNode review = (ObjectNode) JsonBodies.tree(requestBody);
    review.put("apiVersion", "authorization.k8s.io/v1");
    review.put("kind", "SelfSubjectRulesReview");
    ObjectNode status = review.putObject("status");
    ObjectNode rule = status.putArray("resourceRules").addObject();
    rule.putArray("verbs").add("*");
    rule.putArray("apiGroups").add("*");
    rule.putArray("resources").add("*");
    status.putArray("nonResourceRules");
    status.put("incomplete", false);
    return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
  }
}
