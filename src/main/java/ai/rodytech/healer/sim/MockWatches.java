package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.WebSocket;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the in-process cluster changes in the fabric8 mock's watches: the replay a watch receives when it opens
 * ({@link SimulatedApiDispatcher#handleWatch}), and how an event reaches a watch ({@link #notify}). The mock's watch
 * listener is not public: it is reached by reflection, and a mock whose listener changed fails loudly at class
 * loading, not silently.
 *
 * <p>The mock sent each event by reading the stored JSON into a {@code GenericKubernetesResource}, writing a
 * {@code WatchEvent} of it back to JSON, and handing that to a thread of the watch's own: per event and per watch.
 * An API server writes the object as stored into the event; so does {@link #send}, on the writing thread (which
 * holds the store's lock, so a watch gets its events in the store's order; the WebSocket queues the frame).
 */
final class MockWatches {
  private static final Class<?> LISTENER = listenerClass();
  private static final Field ON_OPEN = field("onOpenAction");
  private static final Field SOCKET = field("webSocketRef");
  private static final Method MATCHES = method("attributeMatches", AttributeSet.class);

  private MockWatches() {}

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

  /**
   * Tells every watch in {@code listeners} a change of the store as the mock's own {@code processEvent} does: a
   * watch that took the object before ({@code before}, the key it was stored under) and takes it after
   * ({@code after}) hears MODIFIED with {@code state}; one that took it only before hears DELETED with
   * {@code existing} (the object as it was last stored); one that takes it only after hears ADDED.
   */
  static void notify(Iterable<?> listeners, AttributeSet before, AttributeSet after, String state, String existing) {
    for (Object listener : listeners) {
      Action action = action(key -> matches(listener, key), before, after);
      if (action != null) {
        send(listener, action, action == Action.DELETED ? existing : state);
      }
    }
  }

  /**
   * The event that a watch selecting objects by {@code selects} hears of a change from the key {@code before} to
   * the key {@code after} (either null: created, deleted): MODIFIED, DELETED, ADDED, or null for none.
   */
  static Action action(Predicate<AttributeSet> selects, AttributeSet before, AttributeSet after) {
    boolean was = before != null && selects.test(before);
    boolean is = after != null && selects.test(after);
    return was && is ? Action.MODIFIED : was ? Action.DELETED : is ? Action.ADDED : null;
  }

  /**
   * Sends one event with the object {@code json} as stored. A watch whose WebSocket is not open yet gets nothing:
   * its opening replays the store as it then is (the mock's own sending lost such an event as well); one whose
   * WebSocket is closing loses it, as it would have.
   */
  static void send(Object listener, Action action, String json) {
    Object socket;
    try {
      socket = ((AtomicReference<?>) SOCKET.get(listener)).get();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    if (socket instanceof WebSocket open) {
      try {
        open.send(event(action, json));
      } catch (RuntimeException closing) {
        // A WebSocket closing under the write: the watch is gone, the write that told it must not fail. The
        // mock's own sending ran on a thread of the watch's, where such a failure went unnoticed as well.
      }
    }
  }

  /** A watch event's text: the type and the object, as an API server writes it. */
  static String event(Action action, String json) {
    return "{\"type\":\"" + action.name() + "\",\"object\":" + json + "}";
  }

  /** A stored object's {@code metadata.resourceVersion} as a number; 0 when absent or not a number. */
  static long version(String json) {
    return ObjectHead.of(json).resourceVersion();
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
