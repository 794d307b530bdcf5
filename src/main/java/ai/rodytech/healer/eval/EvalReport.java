package ai.rodytech.healer.eval;

import ai.rodytech.healer.core.diagnosis.Category;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an evaluation for people (text) and for tools (JSON-ready maps with stable keys). */
public final class EvalReport {
  private static final String[] SHORT = {"trans", "oom", "flaky", "dep", "disk", "time", "genu", "unkn"};

  private final Evaluation.Result result;
  private final String brainName;
  private final Map<Perturbation, Scorecard> perturbed;
  private final boolean byProject;
  private final boolean bySignature;

  public EvalReport(Evaluation.Result result, String brainName) {
    this(result, brainName, Map.of(), false, false);
  }

  /**
   * With the optional views: the brain's figures on perturbed copies of the cases (side by side with the plain
   * run), per project, and per deciding signature.
   */
  public EvalReport(Evaluation.Result result, String brainName, Map<Perturbation, List<Outcome>> perturbed,
      boolean byProject, boolean bySignature) {
    this.result = result;
    this.brainName = brainName;
    this.perturbed = new EnumMap<>(Perturbation.class);
    perturbed.forEach((p, outcomes) -> this.perturbed.put(p, Scorecard.of(outcomes)));
    this.byProject = byProject;
    this.bySignature = bySignature;
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
    if (!perturbed.isEmpty()) {
      Map<String, Object> changed = new LinkedHashMap<>();
      perturbed.forEach((p, card) -> changed.put(p.wireName(), headline(card)));
      json.put("perturbed", changed);
    }
    if (byProject) {
      json.put("byProject", new ProjectView(result.brain()).toJson());
    }
    if (bySignature) {
      json.put("bySignature", new SignatureView(result.brain()).toJson());
    }
    return json;
  }

  public String toText(boolean misses) {
    Scorecard score = result.brainScore();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Evaluated %d cases with the %s brain.%n%n", score.cases(), brainName));
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-18s %8s", "", brainName));
    perturbed.keySet().forEach(p -> header.append(String.format(Locale.ROOT, " %14s", "+" + p.wireName())));
    out.append(header).append(String.format(Locale.ROOT, " %18s %25s%n", "retry everything",
        "retry on network string"));
    Scorecard all = result.retryEverythingScore();
    Scorecard network = result.retryOnNetworkStringScore();
    for (String key : Scorecard.HEADLINE) {
      out.append(String.format(Locale.ROOT, "%-18s %8s", key, fmt(headline(score).get(key))));
      perturbed.values().forEach(card -> out.append(String.format(Locale.ROOT, " %14s", fmt(headline(card).get(key)))));
      out.append(String.format(Locale.ROOT, " %18s %25s%n", fmt(headline(all).get(key)),
          fmt(headline(network).get(key))));
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
    if (byProject) {
      out.append(new ProjectView(result.brain()).toText());
    }
    if (bySignature) {
      out.append(new SignatureView(result.brain()).toText());
    }
    if (misses) {
      out.append(String.format(Locale.ROOT, "%nCases decided differently from their label%n"));
      for (Outcome o : result.brain()) {
        if (!o.categoryRight() || !o.actionRight()) {
          out.append(String.format(Locale.ROOT, "  %-60s %-18s -> %-18s %-24s %s%n", o.name(), o.label().wireName(),
              o.predicted().wireName(), o.action().wireName(), String.join(",", o.signatures())));
        }
      }
    }
    return out.toString();
  }

  static Map<String, Object> headline(Scorecard score) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (String key : Scorecard.HEADLINE) {
      json.put(key, round(score.headline(key)));
    }
    return json;
  }

  private static int labelled(Scorecard score, Category category) {
    int n = 0;
    for (Category predicted : Category.values()) {
      n += score.count(category, predicted);
    }
    return n;
  }

  static Double round(Double value) {
    return value == null ? null : Math.round(value * 1000) / 1000.0;
  }

  static String fmt(Object value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", (Double) value);
  }
}
