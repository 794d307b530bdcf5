package ai.rodytech.healer.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * The client the operator talks to the API server with: fabric8's, whose JSON reader keeps one copy of each short
 * string value it reads.
 *
 * <p>The operator caches every run, pod and incident it watches, and their short strings repeat endlessly: label
 * values, namespaces, images, container names, condition types, reasons and statuses, timestamps to the second.
 * Jackson shares the field names (and so map keys: label and annotation keys) but makes a new string for every
 * value. After 5,000 heals in the loop benchmark, strings were half of the operator's live heap (1.5 million of
 * them, 116 MB of 250) and its collector ran nine times as long per incident as with the cache fresh; interned,
 * repeated values are stored once (docs/performance.md). Long values (log excerpts, diffs, messages) are left as
 * they are: they seldom repeat.
 */
public final class OperatorClient {
  /** Values up to this length are interned (a UID is 36 characters, an RFC 3339 timestamp 20). */
  static final int INTERNED_MAX_LENGTH = 64;

  private OperatorClient() {}

  /** A client for {@code config} that reads short strings interned. */
  public static KubernetesClient build(Config config) {
    return builder().withConfig(config).build();
  }

  /** A client builder (the configuration from the environment unless set) that reads short strings interned. */
  public static KubernetesClientBuilder builder() {
    ObjectMapper mapper = new ObjectMapper().registerModule(internedStrings());
    return new KubernetesClientBuilder().withKubernetesSerialization(new KubernetesSerialization(mapper, true));
  }

  /** The Jackson module: string values of at most {@link #INTERNED_MAX_LENGTH} characters are interned. */
  static SimpleModule internedStrings() {
    return new SimpleModule("healer-interned-strings").addDeserializer(String.class, new InterningDeserializer());
  }

  /** Jackson's own string reading (with its coercions), then {@link String#intern} for short values. */
  private static final class InterningDeserializer extends StdScalarDeserializer<String> {
    InterningDeserializer() {
      super(String.class);
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }

    @Override
    public boolean isCachable() {
      return true;
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = StringDeserializer.instance.deserialize(p, ctxt);
      return value != null && value.length() <= INTERNED_MAX_LENGTH ? value.intern() : value;
    }
  }
}
