package ai.rodytech.healer.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Read access to the API server's stored objects, for its admission plugins and its garbage collector. */
interface StoredObjects {
  /** The object at an object path, e.g. /api/v1/namespaces/ci/pods/build-1-x2k4q, or null. */
  ObjectNode get(String path);

  /** The stored JSON of one resource in one namespace, e.g. ("/api/v1", "pods", "ci"). */
  List<String> inNamespace(String apiPrefix, String plural, String namespace);
}
