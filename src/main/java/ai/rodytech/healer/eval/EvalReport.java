package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Category;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an evaluation for people (text) and for tools (JSON-ready maps with stable keys). */
public final class EvalReport {
  private static final String[] SHORT = {"trans", "oom", "flaky", "dep", "disk", "time", "genu", "unkn"};

  private final Evaluation.Result result;
  private final String brainName;

  public EvalReport(Evaluation.Result result, String brainName) {
    this.result = result;
    this.brainName = brainName;
  }

  /** Headline keys first (cases, categoryAccuracy, healPrecision, falseHealRate, healableRecall), then detail. */
  public Map<String, Object> toJson() {
    Scorecard score = result.brainScore();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cases", score.cases());
    json.putAll(headline(score));
    Map<String, Object> baselines = new LinkedHashMap<>();
    baselines.put("retryEverything", headline(result.retryEverythingScore()));
    baselines.put("retryOnNetworkString", headline(result.retryOnNetworkStringScore()));
    json.put("baselines", baselines);
    Map<String, Object> perCategory = new LinkedHashMap<>();
    for (Category category : Category.values()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cases", labelled(score, category));
      row.put("precision", round(score.precision(category)));
      row.put("recall", round(score.recall(category)));
      perCategory.put(category.wireName(), row);
    }
    json.put("perCategory", perCategory);
    Map<String, Object> confusion = new LinkedHashMap<>();
    for (Category label : Category.values()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (Category predicted : Category.values()) {
        row.put(predicted.wireName(), score.count(label, predicted));
      }
      confusion.put(label.wireName(), row);
    }
    json.put("confusionMatrix", confusion);
    return json;
  }

  public String toText(boolean misses) {
    Scorecard score = result.brainScore();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Evaluated %d cases with the %s brain.%n%n", score.cases(), brainName));
    out.append(String.format(Locale.ROOT, "%-18s %8s %18s %25s%n", "", brainName, "retry everything",
        "retry on network string"));
    Scorecard all = result.retryEverythingScore();
    Scorecard network = result.retryOnNetworkStringScore();
    for (String key : List.of("categoryAccuracy", "healPrecision", "falseHealRate", "healableRecall")) {
      out.append(String.format(Locale.ROOT, "%-18s %8s %18s %25s%n", key, fmt(headline(score).get(key)),
          fmt(headline(all).get(key)), fmt(headline(network).get(key))));
    }
    out.append(String.format(Locale.ROOT, "%n%-20s %6s %10s %8s%n", "category", "cases", "precision", "recall"));
    for (Category category : Category.values()) {
      out.append(String.format(Locale.ROOT, "%-20s %6d %10s %8s%n", category.wireName(), labelled(score, category),
          fmt(round(score.precision(category))), fmt(round(score.recall(category)))));
    }
    out.append(String.format(Locale.ROOT, "%nConfusion matrix (rows: label, columns: decided)%n%-20s", ""));
    for (String s : SHORT) {
      out.append(String.format(Locale.ROOT, "%6s", s));
    }
    out.append(System.lineSeparator());
    for (Category label : Category.values()) {
      out.append(String.format(Locale.ROOT, "%-20s", label.wireName()));
      for (Category predicted : Category.values()) {
        out.append(String.format(Locale.ROOT, "%6d", score.count(label, predicted)));
      }
      out.append(System.lineSeparator());
    }
    if (misses) {
      out.append(String.format(Locale.ROOT, "%nCases decided differently from their label%n"));
      for (Outcome o : result.brain()) {
        if (!o.categoryRight() || !o.actionRight()) {
          out.append(String.format(Locale.ROOT, "  %-60s %-18s -> %-18s %s%n", o.name(), o.label().wireName(),
              o.predicted().wireName(), o.action().wireName()));
        }
      }
    }
    return out.toString();
  }

  private static Map<String, Object> headline(Scorecard score) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("categoryAccuracy", round(score.categoryAccuracy()));
    json.put("healPrecision", round(score.healPrecision()));
    json.put("falseHealRate", round(score.falseHealRate()));
    json.put("healableRecall", round(score.healableRecall()));
    return json;
  }

  private static int labelled(Scorecard score, Category category) {
    int n = 0;
    for (Category predicted : Category.values()) {
      n += score.count(category, predicted);
    }
    return n;
  }

  private static Double round(Double value) {
    return value == null ? null : Math.round(value * 1000) / 1000.0;
  }

  private static String fmt(Object value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", (Double) value);
  }
}
