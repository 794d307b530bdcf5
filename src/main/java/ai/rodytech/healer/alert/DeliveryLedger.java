package ai.rodytech.healer.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * This process's memory of deliveries, per dedupKey and delivery key: one in flight is joined rather than sent
 * twice, and one already made is not made again even if the caller's record of it was lost (a status update that
 * conflicted). The caller's alreadyDelivered set stays the record that survives restarts.
 */
final class DeliveryLedger {

  // Enough for every open incident of a large cluster; the oldest are forgotten first.
  private static final int REMEMBERED = 4096;

  private final Map<String, CompletableFuture<DeliveryOutcome>> inFlight = new ConcurrentHashMap<>();
  private final Set<String> delivered =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  /** A record of one call: the outcome, and whether this call made the request or relied on another. */
  record Claim(CompletableFuture<DeliveryOutcome> outcome, boolean sentHere) {}

  /**
   * Runs send unless the same delivery is in flight (then its outcome is shared) or was already made here (then it
   * is reported delivered with no request). The future never completes exceptionally.
   */
  Claim once(String dedupKey, String deliveryKey, Supplier<CompletableFuture<DeliveryOutcome>> send) {
    String key = dedupKey + '\n' + deliveryKey;
    CompletableFuture<DeliveryOutcome> mine = new CompletableFuture<>();
    CompletableFuture<DeliveryOutcome> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return new Claim(running, false);
    }
    // Checked after claiming: a send that finished just before is then visible here, because it records the
    // delivery before it releases its claim.
    if (delivered.contains(key)) {
      inFlight.remove(key, mine);
      mine.complete(DeliveryOutcome.delivered(0));
      return new Claim(mine, false);
    }
    CompletableFuture<DeliveryOutcome> sending;
    try {
      sending = send.get();
    } catch (RuntimeException e) {
      sending = CompletableFuture.failedFuture(e);
    }
    sending.whenComplete(
        (outcome, error) -> {
          DeliveryOutcome result =
              error == null ? outcome : DeliveryOutcome.failed("unexpected error: " + error.getClass().getName(), 0);
          if (result.delivered()) {
            delivered.add(key);
          }
          inFlight.remove(key, mine);
          mine.complete(result);
        });
    return new Claim(mine, true);
  }
}
