package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where pod-level settings of a run live (service account, host namespaces, security context, volumes).
 *
 * @param pointer JSON pointer of the pod-level object, e.g. /spec/template/spec
 * @param node that object (a missing node when the run does not set it)
 */
public record PodScope(String pointer, JsonNode node) {}
