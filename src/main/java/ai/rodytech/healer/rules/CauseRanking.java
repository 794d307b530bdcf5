package ai.rodytech.healer.rules;

import ai.rodytech.healer.core.diagnosis.Category;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighs hits so that the error that ended the run decides. A hit counts with its signature's weight while it
 * lies within the signature's reach of the failure point (the first line where a CI step reported failure, else
 * the end of the log); further back its weight fades in proportion to the distance, so a transient error the
 * build recovered from long before a compile error loses to the compile error. Hits after the failure point
 * belong to clean-up and reporting steps and count for half.
 *
 * <p>Context hits (a dependency bump, a freshly downloaded snapshot) do not compete: when the leading error is
 * one they explain, their category takes the lead with their weight, and the explained error stays as evidence.
 */
final class CauseRanking {
  static final double AFTER_FAILURE_FACTOR = 0.5;

  private final Map<Category, List<Scored>> byCategory = new EnumMap<>(Category.class);
  private final List<Hit> contexts = new ArrayList<>();

  /** A hit and the strength it lends its category. */
  record Scored(Hit hit, double strength) {}

  /** One category's standing, its strongest hit first. */
  record Standing(Category category, double score, List<Scored> hits) {

    /** The strongest hit that names a cause rather than a symptom; 0 when there is none. */
    double causeScore() {
      return hits.stream().filter(s -> !s.hit().signature().symptom()).mapToDouble(Scored::strength).max().orElse(0);
    }
  }

  CauseRanking(List<Hit> logHits, List<Hit> outsideHits, int lineCount, int failurePoint) {
    int point = failurePoint >= 0 ? failurePoint : lineCount - 1;
    for (Hit hit : claimed(logHits)) {
      if (hit.signature().context()) {
        contexts.add(hit);
      } else {
        add(hit, strength(hit, point));
      }
    }
    for (Hit hit : outsideHits) {
      add(hit, hit.signature().weight());
    }
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

  private void add(Hit hit, double strength) {
    byCategory.computeIfAbsent(hit.signature().category(), c -> new ArrayList<>()).add(new Scored(hit, strength));
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
