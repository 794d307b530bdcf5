package ai.rodytech.healer.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client the operator talks to the API server with: fabric8's, whose JSON reader shares one copy of each short
 * string value it reads, skips objects' managed fields, reads JSON text without looking for YAML first
 * ({@link JsonFirst}) and watch events' objects without a tree ({@link StreamedResource}).
 *
 * <p>The operator caches every run, pod and incident it watches, and their short strings repeat endlessly: label
 * values, namespaces, images, container names, condition types, reasons and statuses, timestamps to the second.
 * Jackson shares the field names (and so map keys: label and annotation keys) but makes a new string for every
 * value. After 5,000 heals in the loop benchmark, strings were 116 MB of the operator's 274 MB live heap (1.5
 * million of them) and its collector ran ten times as long per incident as with the cache fresh; with repeated
 * values shared, 45 MB of 185 (docs/performance.md). Long values (log excerpts, diffs, messages) are left as they
 * are: they seldom repeat.
 *
 * <p>Sharing is lossy on purpose: a fixed table of the last string seen per hash slot, no lock, nothing to evict.
 * A string whose slot another took is kept as read (a copy more, never a wrong value). {@link String#intern} did
 * the same job at 260 ns a string (750 for a new one) on this machine, against about 20 here, and a table that
 * grows with every UID ever read.
 */
public final class OperatorClient {
  /** Values up to this length are shared (a UID is 36 characters, an RFC 3339 timestamp 20). */
  static final int SHARED_MAX_LENGTH = 64;
  /** Slots of the table of shared strings (a power of two): 256 KB of references. */
  private static final int SLOTS = 1 << 16;

  private OperatorClient() {}

  /** A client for {@code config} that shares the short strings it reads. */
  public static KubernetesClient build(Config config) {
    return builder().withConfig(config).build();
  }

  /** A client builder (the configuration from the environment unless set) that shares the short strings it reads. */
  public static KubernetesClientBuilder builder() {
    ObjectMapper mapper = new ObjectMapper().registerModule(sharedStrings())
        .addMixIn(ObjectMeta.class, WithoutManagedFields.class)
        .addMixIn(WatchEvent.class, StreamedResource.OnWatchEvents.class);
    return new KubernetesClientBuilder().withKubernetesSerialization(new JsonFirst(mapper));
  }

  /**
   * fabric8's serialization, except that JSON text is read as it is. fabric8 reads every string, each watch
   * event's included, through a copy of its bytes and an 8 KB {@code BufferedInputStream} in which it looks for the
   * first character, to tell JSON from YAML: a sixth of all the operator allocated in the loop benchmark (JFR's
   * allocation samples). Text that starts (after white space) with '{' or '[' is JSON and goes straight to the
   * mapper; anything else (YAML, nothing) takes fabric8's way. An answer fabric8 has received whole (a write's
   * object, a list) is read the same way as text. Errors are reported as fabric8 reports them. A
   * resource's text (a watch event's, an object's) loses its objects' managed fields first
   * ({@link ManagedFieldsText}): the reader ignores them anyway.
   */
  static final class JsonFirst extends KubernetesSerialization {
    /** Texts up to this many characters are cut into a buffer each thread keeps (a Job's event is 3 to 5 K). */
    private static final int CUT_BUFFER = 32 * 1024;
    private static final ThreadLocal<char[]> CUT_CHARS = ThreadLocal.withInitial(() -> new char[CUT_BUFFER]);

    private final ObjectMapper mapper;

    JsonFirst(ObjectMapper mapper) {
      super(mapper, true); // configures the mapper: fabric8's modules, its unmatched-field handling
      this.mapper = mapper;
    }

    @Override
    public <T> T unmarshal(String text, Class<T> type) {
      if (!startsAsJson(text)) {
        return super.unmarshal(text, type);
      }
      return read(text, mapper.constructType(type));
    }

    /**
     * An answer received whole (fabric8's operations', the heal's own calls' — fabric8's reading by class comes here
     * too): as text, as above. A stream of any other kind (one still arriving) takes fabric8's way.
     */
    @Override
    public <T> T unmarshal(InputStream in, TypeReference<T> type) {
      if (!(in instanceof ByteArrayInputStream whole)) {
        return super.unmarshal(in, type);
      }
      byte[] bytes = whole.readAllBytes();
      String text = new String(bytes, StandardCharsets.UTF_8);
      return startsAsJson(text) ? read(text, mapper.constructType(type.getType()))
          : super.unmarshal(new ByteArrayInputStream(bytes), type);
    }

    private <T> T read(String text, JavaType type) {
      try {
        if (type.isTypeOrSubTypeOf(KubernetesResource.class)) {
          char[] chars = text.length() <= CUT_BUFFER ? CUT_CHARS.get() : new char[text.length()];
          int length = ManagedFieldsText.cut(text, chars);
          if (length >= 0) {
            try (JsonParser parser = mapper.getFactory().createParser(chars, 0, length)) {
              return mapper.readValue(parser, type);
            }
          }
        }
        return mapper.readValue(text, type);
      } catch (IOException e) {
        throw KubernetesClientException.launderThrowable(e);
      }
    }

    /** The mapper it reads with (a test checks which readers are in place). */
    ObjectMapper mapper() {
      return mapper;
    }

    static boolean startsAsJson(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (!Character.isWhitespace(c)) {
          return c == '{' || c == '[';
        }
      }
      return false;
    }
  }

  /**
   * Objects' {@code metadata.managedFields} are neither read nor written. On a real cluster they are often the
   * largest part of an object (a field set per writer: the job controller, the kubelet, every apply); the operator
   * never uses them, yet every watch event of every Job, pod, incident and policy would deserialize them, and the
   * caches of policies and incidents would keep them. Writing an object without them leaves the server's as they
   * are (the API server keeps them when a client omits the field), and the operator's writes of objects it read
   * are status writes, whose metadata the server ignores anyway.
   */
  @JsonIgnoreProperties("managedFields")
  private abstract static class WithoutManagedFields {}

  /** The Jackson module: string values of at most {@link #SHARED_MAX_LENGTH} characters are shared. */
  static SimpleModule sharedStrings() {
    return new SimpleModule("healer-shared-strings").addDeserializer(String.class, new SharingDeserializer());
  }

  /** Jackson's own string reading (with its coercions), then the shared copy of a short value. */
  private static final class SharingDeserializer extends StdScalarDeserializer<String> {
    /** The last string read per slot. Strings are immutable, so a racy read sees a whole string or null. */
    private final String[] shared = new String[SLOTS];

    SharingDeserializer() {
      super(String.class);
    }

    String share(String value) {
      int slot = value.hashCode() & (SLOTS - 1);
      String known = shared[slot];
      if (known != null && known.equals(value)) {
        return known;
      }
      shared[slot] = value;
      return value;
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
      return value != null && value.length() <= SHARED_MAX_LENGTH ? share(value) : value;
    }
  }
}
