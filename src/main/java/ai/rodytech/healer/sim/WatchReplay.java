package ai.rodytech.healer.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * What the in-process cluster changes in the fabric8 mock's watches: the replay a watch receives when it opens
 * ({@link SimulatedApiDispatcher#handleWatch}). The mock's watch listener is not public: it is reached by
 * reflection, and a mock whose listener changed fails loudly at class loading, not silently.
 */
final class WatchReplay {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Class<?> LISTENER = listenerClass();
  private static final Field ON_OPEN = field("onOpenAction");
  private static final Method MATCHES = method("attributeMatches", AttributeSet.class);
  private static final Method SEND = method("sendWebSocketResponse", String.class, Action.class);

  private WatchReplay() {}

  /** Replaces what {@code listener} does when its watch opens (the mock's: send every matching object). */
  static void onOpen(Object listener, Consumer<Object> replay) {
    try {
      ON_OPEN.set(listener, replay);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the watch's selection (resource, namespace, labels, name) takes an object stored under {@code key}. */
  static boolean matches(Object listener, AttributeSet key) {
    return (Boolean) invoke(MATCHES, listener, key);
  }

  /** Sends {@code json} to the watch as ADDED. */
  static void send(Object listener, String json) {
    invoke(SEND, listener, json, Action.ADDED);
  }

  /** A stored object's {@code metadata.resourceVersion} as a number; 0 when absent or not a number. */
  static long version(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
          for (String inner = p.nextFieldName(); inner != null; inner = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_STRING && "resourceVersion".equals(inner)) {
              return Long.parseLong(p.getText());
            }
            p.skipChildren();
          }
          return 0;
        }
        p.skipChildren();
      }
      return 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static Object invoke(Method method, Object target, Object... args) {
    try {
      return method.invoke(target, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private static Class<?> listenerClass() {
    try {
      return Class.forName("io.fabric8.kubernetes.client.server.mock.WatchEventsListener");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the fabric8 mock server changed: no WatchEventsListener", e);
    }
  }

  private static Field field(String name) {
    try {
      Field field = LISTENER.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("the fabric8 mock server changed: its watch listener has no " + name, e);
    }
  }

  private static Method method(String name, Class<?>... parameters) {
    try {
      Method method = LISTENER.getDeclaredMethod(name, parameters);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("the fabric8 mock server changed: its watch listener has no " + name, e);
    }
  }
}
