package ai.rodytech.healer.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;

/**
 * Reads a watch event's object from the stream into its class, without the JSON tree fabric8 builds first.
 *
 * <p>fabric8 reads the {@code object} of every watch event (each Job's, pod's, run's status change) into a tree,
 * looks up the class its {@code apiVersion} and {@code kind} name, and converts the tree into it: each object read
 * twice, and the tree's maps and nodes about a tenth of all the operator allocated in the loop benchmark. The API
 * server writes {@code kind} and {@code apiVersion} first (Go's field order), so this reads only those first
 * fields into a buffer, then the object's class (the one fabric8 has registered for the kind, else
 * {@code GenericKubernetesResource}, as fabric8 does: Tekton's and Argo's runs) reads the buffer and the rest of the
 * stream. An object without {@code kind} or {@code apiVersion}, or an array, is read by fabric8's own deserializer
 * from the buffered object: the same result, the same cost as before.
 */
final class StreamedResource extends StdDeserializer<KubernetesResource> {

  /**
   * Put on {@code WatchEvent} (a Jackson mix-in): its {@code object} is read by {@link StreamedResource}. On the
   * setter, as fabric8 puts its own {@code KubernetesDeserializer} there: a setter's annotation wins over a
   * field's, so a mix-in on the field was ignored (OperatorClientTest checks which reader is in place).
   */
  abstract static class OnWatchEvents {
    @JsonDeserialize(using = StreamedResource.class)
    abstract void setObject(Object object);
  }

  /**
   * fabric8's deserializer, found once: it is not cachable, so Jackson built a new one (introspecting its class)
   * at every lookup, once per watch event.
   */
  private volatile KubernetesDeserializer fabric8;

  StreamedResource() {
    super(KubernetesResource.class);
  }

  @Override
  public KubernetesResource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    KubernetesDeserializer fabric8 = fabric8(ctxt);
    if (!p.isExpectedStartObjectToken()) {
      return fabric8.deserialize(p, ctxt);
    }
    TokenBuffer head = ctxt.bufferForInputBuffering(p);
    head.writeStartObject();
    String apiVersion = null;
    String kind = null;
    boolean ended = true;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && "apiVersion".equals(name)) {
        apiVersion = p.getText();
      } else if (value == JsonToken.VALUE_STRING && "kind".equals(name)) {
        kind = p.getText();
      }
      head.writeFieldName(name);
      head.copyCurrentStructure(p);
      if (apiVersion != null && kind != null) {
        // as fabric8: the class registered for the kind, else a generic resource
        Class<? extends KubernetesResource> registered = fabric8.getRegisteredKind(apiVersion, kind);
        Class<? extends KubernetesResource> type = registered == null ? GenericKubernetesResource.class : registered;
        if (KubernetesResource.class.isAssignableFrom(type)) {
          JsonParser whole = JsonParserSequence.createFlattened(false, head.asParser(p), p);
          whole.nextToken();
          return ctxt.readValue(whole, type);
        }
        ended = false; // fabric8 reports the class it found but cannot use
        break;
      }
    }
    if (!ended) {
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        p.nextToken();
        head.writeFieldName(name);
        head.copyCurrentStructure(p);
      }
    }
    head.writeEndObject();
    JsonParser buffered = head.asParser(p);
    buffered.nextToken();
    return fabric8.deserialize(buffered, ctxt);
  }

  /**
   * fabric8's deserializer of this mapper (its own instance, with the kinds registered with this client). This
   * reader belongs to one mapper (Jackson makes it for the mapper's reader of watch events), so the first found
   * serves every event after it.
   */
  private KubernetesDeserializer fabric8(DeserializationContext ctxt) throws IOException {
    KubernetesDeserializer known = fabric8;
    if (known != null) {
      return known;
    }
    Object found = ctxt.findRootValueDeserializer(ctxt.constructType(KubernetesResource.class));
    if (found instanceof KubernetesDeserializer deserializer) {
      fabric8 = deserializer;
      return deserializer;
    }
    throw new IllegalStateException("fabric8's KubernetesDeserializer is not this mapper's reader of resources, but "
        + found.getClass().getName());
  }
}
