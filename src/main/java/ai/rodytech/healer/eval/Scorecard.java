package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Category;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one decider over a set of cases. A rate whose denominator is zero is null (undefined), never 0.
 *
 * <ul>
 *   <li>categoryAccuracy: share of cases whose category is the label
 *   <li>healPrecision: of the cases given a healing action, the share where it is the label's action
 *   <li>falseHealRate: share of genuine_failure cases given any healing action
 *   <li>healableRecall: share of healable cases (label's action heals) given exactly the label's action
 * </ul>
 */
public record Scorecard(
    int cases, Double categoryAccuracy, Double healPrecision, Double falseHealRate, Double healableRecall,
    Map<Category, Map<Category, Integer>> confusion) {

  /** The headline figures' keys, in the order reports show them; the JSON keys other tooling reads. */
  public static final List<String> HEADLINE =
      List.of("categoryAccuracy", "healPrecision", "falseHealRate", "healableRecall");

  public static Scorecard of(List<Outcome> outcomes) {
    int cases = outcomes.size();
    long right = outcomes.stream().filter(Outcome::categoryRight).count();
    long heals = outcomes.stream().filter(Outcome::heals).count();
    long healsRight = outcomes.stream().filter(o -> o.heals() && o.actionRight()).count();
    long genuine = outcomes.stream().filter(o -> o.label() == Category.GENUINE_FAILURE).count();
    long genuineHealed = outcomes.stream().filter(o -> o.label() == Category.GENUINE_FAILURE && o.heals()).count();
    long healable = outcomes.stream().filter(Outcome::healable).count();
    long healableRight = outcomes.stream().filter(o -> o.healable() && o.actionRight()).count();
    Map<Category, Map<Category, Integer>> confusion = new EnumMap<>(Category.class);
    for (Outcome o : outcomes) {
      confusion.computeIfAbsent(o.label(), l -> new EnumMap<>(Category.class)).merge(o.predicted(), 1, Integer::sum);
    }
    return new Scorecard(cases, ratio(right, cases), ratio(healsRight, heals), ratio(genuineHealed, genuine),
        ratio(healableRight, healable), confusion);
  }

  /** One headline figure by its key (see {@link #HEADLINE}). */
  public Double headline(String key) {
    return switch (key) {
      case "categoryAccuracy" -> categoryAccuracy;
      case "healPrecision" -> healPrecision;
      case "falseHealRate" -> falseHealRate;
      case "healableRecall" -> healableRecall;
      default -> throw new IllegalArgumentException("not a headline figure: " + key);
    };
  }

  /** Cases labelled {@code label} and decided {@code predicted}. */
  public int count(Category label, Category predicted) {
    return confusion.getOrDefault(label, Map.of()).getOrDefault(predicted, 0);
  }

  /** Of the cases decided {@code category}, the share labelled so; null when none was decided so. */
  public Double precision(Category category) {
    int decided = 0;
    for (Map<Category, Integer> row : confusion.values()) {
      decided += row.getOrDefault(category, 0);
    }
    return ratio(count(category, category), decided);
  }

  /** Of the cases labelled {@code category}, the share decided so; null when none is labelled so. */
  public Double recall(Category category) {
    int labelled = confusion.getOrDefault(category, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    return ratio(count(category, category), labelled);
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }
}
