package ai.rodytech.healer.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A stored object's identity, read from its JSON without reading the rest: the fields of {@code metadata} a
 * simulated controller asks of every watch event (whose object it is, which version, whether it is being deleted).
 * Fields it does not find are null (the version 0).
 */
record ObjectHead(String namespace, String name, String uid, long resourceVersion, boolean deleting) {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectHead NONE = new ObjectHead(null, null, null, 0, false);

  /** Reads {@code json} up to the end of its {@code metadata}; an unreadable text gives a head of nulls. */
  static ObjectHead of(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return NONE;
      }
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
          return metadata(p);
        }
        p.skipChildren();
      }
      return NONE;
    } catch (IOException e) {
      return NONE;
    }
  }

  private static ObjectHead metadata(JsonParser p) throws IOException {
    String namespace = null;
    String name = null;
    String uid = null;
    long version = 0;
    boolean deleting = false;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        p.skipChildren();
        continue;
      }
      switch (field) {
        case "namespace" -> namespace = p.getText();
        case "name" -> name = p.getText();
        case "uid" -> uid = p.getText();
        case "resourceVersion" -> version = number(p.getText());
        case "deletionTimestamp" -> deleting = true;
        default -> { }
      }
    }
    return new ObjectHead(namespace, name, uid, version, deleting);
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
