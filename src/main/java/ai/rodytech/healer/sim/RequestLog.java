package ai.rodytech.healer.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Counts the API calls the in-process cluster served, by verb, path and dry run, so that a test can assert
 * "exactly one Job was created". Only counters are kept (no bodies), so a benchmark's heap is not skewed.
 */
public final class RequestLog {

  /**
   * One kind of call.
   *
   * @param verb HTTP method: GET, POST, PUT, PATCH, DELETE
   * @param path the request path without its query string, e.g. /apis/batch/v1/namespaces/ci/jobs
   * @param dryRun whether the call carried dryRun=All
   * @param watch whether it was a watch (GET with watch=true)
   * @param agent the client's User-Agent (e.g. the operator's, {@link #OPERATOR_AGENT}, apart from the kubelet's)
   */
  public record ApiCall(String verb, String path, boolean dryRun, boolean watch, String agent) {
    public ApiCall(String verb, String path, boolean dryRun, boolean watch) {
      this(verb, path, dryRun, watch, "");
    }
  }

  /** The User-Agent a benchmark gives the operator's client, so that its calls can be told from the kubelet's. */
  public static final String OPERATOR_AGENT = "pipeline-healer-operator";

  private final Map<ApiCall, LongAdder> counts = new ConcurrentHashMap<>();

  void record(ApiCall call) {
    counts.computeIfAbsent(call, c -> new LongAdder()).increment();
  }

  /** Calls that were not dry runs, with this verb and exactly this path. */
  public long count(String verb, String path) {
    return count(c -> !c.dryRun() && c.verb().equals(verb) && c.path().equals(path));
  }

  /** Dry-run calls with this verb and exactly this path. */
  public long countDryRun(String verb, String path) {
    return count(c -> c.dryRun() && c.verb().equals(verb) && c.path().equals(path));
  }

  /** Calls matching the predicate. */
  public long count(Predicate<ApiCall> which) {
    return counts.entrySet().stream()
        .filter(e -> which.test(e.getKey()))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  /** Every kind of call seen so far with its count. */
  public Map<ApiCall, Long> snapshot() {
    return counts.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().sum()));
  }

  /** Forgets every call, e.g. after a test's set-up. */
  public void reset() {
    counts.clear();
  }
}
