package ai.rodytech.healer.rules;

import ai.rodytech.healer.core.diagnosis.Category;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Weighs hits so that the error that ended the run decides. A hit counts with its signature's weight while it
 * lies within the signature's reach of the failure point (the first line where a CI step reported failure, else
 * the end of the log); further back its weight fades in proportion to the distance, so a transient error the
 * build recovered from long before a compile error loses to the compile error. Hits after the failure point
 * belong to clean-up and reporting steps and count for half.
 *
 * <p>A cause that a retry, more memory or a pinned version would fix only supports (it counts for
 * {@link #SUPPORT_FACTOR}, below the confidence needed to heal) when the run went on past it: it sits in a step
 * whose command printed more after it and that a later step followed, a retry followed it, it is a warning, or a
 * genuine error of work that ran after it in the same command followed it (a compile error, a failing test; not a
 * bare "build failed"). Only network errors pass so: a full disk or a killed process breaks what follows.
 *
 * <p>Context hits (a dependency bump, a freshly downloaded snapshot) do not compete: when the leading error is
 * one they explain, their category takes the lead with their weight, and the explained error stays as evidence.
 */
final class CauseRanking {
  static final double AFTER_FAILURE_FACTOR = 0.5;

  /** What a recovered cause counts for: enough to support its category, never enough to heal on its own. */
  static final double SUPPORT_FACTOR = 0.3;

  private final Map<Category, List<Scored>> byCategory = new EnumMap<>(Category.class);
  private final List<Hit> contexts = new ArrayList<>();

  /**
   * A hit and the strength it lends its category.
   *
   * @param recovered why the run went on past it (it then only supports), or null when it may decide
   */
  record Scored(Hit hit, double strength, String recovered) {

    Scored(Hit hit, double strength) {
      this(hit, strength, null);
    }
  }

  /** One category's standing, its strongest hit first. */
  record Standing(Category category, double score, List<Scored> hits) {

    /** The strongest hit that names a cause rather than a symptom; 0 when there is none. */
    double causeScore() {
      return hits.stream().filter(s -> !s.hit().signature().symptom()).mapToDouble(Scored::strength).max().orElse(0);
    }
  }

  CauseRanking(List<Hit> logHits, List<Hit> outsideHits, LogModel model) {
    List<Hit> claimed = claimed(logHits);
    List<Integer> work = claimed.stream()
        .filter(h -> h.signature().category() == Category.GENUINE_FAILURE && !h.signature().bare())
        .map(Hit::index)
        .toList();
    Set<Integer> hitLines = new HashSet<>();
    claimed.forEach(h -> hitLines.add(h.index()));
    for (Hit hit : claimed) {
      if (hit.signature().context()) {
        contexts.add(hit);
        continue;
      }
      String recovered = recovered(hit, model, work, hitLines);
      double strength = strength(hit, model.failurePoint()) * (recovered == null ? 1.0 : SUPPORT_FACTOR);
      add(new Scored(hit, strength, recovered));
    }
    for (Hit hit : outsideHits) {
      add(new Scored(hit, hit.signature().weight()));
    }
  }

  /** Why the run went on past a healing cause, or null when nothing shows it did. */
  static String recovered(Hit hit, LogModel model, List<Integer> work, Set<Integer> hitLines) {
    // Network errors are what tools warn of, retry and go on from. The other healing causes do not pass: a full
    // disk or a killed process breaks what follows, and a flaky test's own markers are warnings and reruns.
    if (hit.signature().category() != Category.TRANSIENT_INFRA) {
      return null;
    }
    int at = hit.index();
    if (model.inEarlierStep(at) && model.wentOn(at, hitLines)) {
      return "its step went on and a later step ran";
    }
    if (model.warning(at)) {
      return "it is a warning";
    }
    if (model.retried(at)) {
      return "it was retried";
    }
    if (work.stream().anyMatch(w -> w > at && model.sameStep(w, at))) {
      return "the command went on and failed later for another reason";
    }
    return null;
  }

  /**
   * One line is one error: when several signatures match the same line, the heaviest claims it (a Maven
   * "could not be resolved" line that names a 503 is a network failure, not also a missing version).
   */
  private static List<Hit> claimed(List<Hit> hits) {
    Map<Integer, Double> heaviest = new HashMap<>();
    for (Hit hit : hits) {
      if (!hit.signature().context()) {
        heaviest.merge(hit.index(), hit.signature().weight(), Math::max);
      }
    }
    List<Hit> kept = new ArrayList<>();
    for (Hit hit : hits) {
      if (hit.signature().context() || hit.signature().weight() >= heaviest.get(hit.index())) {
        kept.add(hit);
      }
    }
    return kept;
  }

  static double strength(Hit hit, int failurePoint) {
    Signature signature = hit.signature();
    int distance = Math.abs(failurePoint - hit.index());
    double fade = distance <= signature.reach() ? 1.0 : (double) signature.reach() / distance;
    double after = hit.index() > failurePoint ? AFTER_FAILURE_FACTOR : 1.0;
    return signature.weight() * fade * after;
  }

  private void add(Scored scored) {
    byCategory.computeIfAbsent(scored.hit().signature().category(), c -> new ArrayList<>()).add(scored);
  }

  /** The strongest healing cause the run went on past, if any: shown in a note, so a person sees it was weighed. */
  Optional<Scored> strongestRecovered() {
    return byCategory.values().stream().flatMap(List::stream)
        .filter(s -> s.recovered() != null)
        .max(Comparator.comparingDouble(s -> s.hit().signature().weight()));
  }

  /** Categories from strongest to weakest; a category's score is its strongest hit (the later hit wins a tie). */
  List<Standing> standings() {
    List<Standing> standings = new ArrayList<>();
    byCategory.forEach((category, scored) -> standings.add(standing(category, scored)));
    standings.sort(BY_STRENGTH);
    if (standings.isEmpty()) {
      return standings;
    }
    Standing leader = standings.get(0);
    Hit leading = leader.hits().get(0).hit();
    for (Hit context : contexts) {
      if (context.signature().explains(leading.signature()) && context.signature().category() != leader.category()) {
        return explained(standings, leader, context);
      }
    }
    return standings;
  }

  private static List<Standing> explained(List<Standing> standings, Standing leader, Hit context) {
    Category category = context.signature().category();
    List<Scored> hits = new ArrayList<>();
    hits.add(new Scored(context, context.signature().weight()));
    standings.stream().filter(s -> s.category() == category).findFirst().ifPresent(s -> hits.addAll(s.hits()));
    leader.hits().stream().limit(2).forEach(hits::add);
    List<Standing> result = new ArrayList<>();
    result.add(new Standing(category, Math.max(context.signature().weight(), leader.score()), hits));
    standings.stream().filter(s -> s.category() != category && s != leader).forEach(result::add);
    return result;
  }

  private static Standing standing(Category category, List<Scored> scored) {
    List<Scored> sorted = new ArrayList<>(scored);
    sorted.sort(Comparator.comparingDouble(Scored::strength).reversed()
        .thenComparing(s -> -s.hit().index()));
    return new Standing(category, sorted.get(0).strength(), sorted);
  }

  private static final Comparator<Standing> BY_STRENGTH = Comparator.comparingDouble(Standing::score).reversed()
      .thenComparing(s -> -s.hits().get(0).hit().index());
}
