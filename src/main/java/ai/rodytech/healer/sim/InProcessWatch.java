package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch of the in-process API server by a simulated controller in the same JVM ({@link InProcessCluster#watch}):
 * the events a watch over HTTP would carry, with the object as stored, handed over without a WebSocket, a client
 * or a second reading of the JSON. The store tells it of each change under its lock; the handler runs on a thread
 * of the watch's own, one event after the other in the store's order.
 */
public final class InProcessWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessWatch.class);

  private final String path;
  private final AttributeSet selection;
  private final BiConsumer<Action, String> handler;
  private final Consumer<InProcessWatch> onClose;
  private final ExecutorService delivery;

  InProcessWatch(String path, AttributeSet selection, BiConsumer<Action, String> handler,
      Consumer<InProcessWatch> onClose) {
    this.path = path;
    this.selection = selection;
    this.handler = handler;
    this.onClose = onClose;
    this.delivery = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sim-watch " + path);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Whether the watch takes the object stored under {@code key} (its kind, namespace). */
  boolean selects(AttributeSet key) {
    return key.matches(selection);
  }

  /** Queues one event; nothing once closed. */
  void tell(Action action, String json) {
    try {
      delivery.execute(() -> deliver(action, json));
    } catch (RejectedExecutionException closed) {
      // closed meanwhile: no more events
    }
  }

  private void deliver(Action action, String json) {
    try {
      handler.accept(action, json);
    } catch (RuntimeException e) {
      LOG.warn("in-process watch of {} failed on a {} event: {}", path, action, e.toString());
    }
  }

  /** Stops the events; what is queued is dropped. */
  @Override
  public void close() {
    onClose.accept(this);
    delivery.shutdownNow();
  }
}
