package ai.rodytech.healer.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The headline figures project by project, and their mean over projects: a brain that is right on one big
 * project and wrong on many small ones looks good in the pooled figures and bad here.
 */
public final class ProjectView {
  private final Map<String, Scorecard> byProject = new TreeMap<>();

  public ProjectView(List<Outcome> outcomes) {
    Map<String, List<Outcome>> grouped = outcomes.stream()
        .collect(Collectors.groupingBy(Outcome::project, TreeMap::new, Collectors.toList()));
    grouped.forEach((project, list) -> byProject.put(project, Scorecard.of(list)));
  }

  public Map<String, Scorecard> byProject() {
    return byProject;
  }

  /** Mean of one headline figure over the projects where it is defined; null when it is defined nowhere. */
  public Double mean(String key) {
    List<Double> values = byProject.values().stream().map(s -> s.headline(key)).filter(Objects::nonNull).toList();
    return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  /** Projects where a genuine failure was healed. */
  public List<String> withFalseHeals() {
    return byProject.entrySet().stream()
        .filter(e -> e.getValue().falseHealRate() != null && e.getValue().falseHealRate() > 0)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Summary keys (projects, the means, projects with false heals), then one row per project. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("projects", byProject.size());
    for (String key : Scorecard.HEADLINE) {
      json.put("mean" + Character.toUpperCase(key.charAt(0)) + key.substring(1), EvalReport.round(mean(key)));
    }
    json.put("projectsWithFalseHeals", withFalseHeals());
    Map<String, Object> rows = new LinkedHashMap<>();
    byProject.forEach((project, score) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cases", score.cases());
      row.putAll(EvalReport.headline(score));
      rows.put(project, row);
    });
    json.put("rows", rows);
    return json;
  }

  /** The means, then the projects from the lowest category accuracy up. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nPer project (%d projects; mean over projects where defined)%n",
        byProject.size()));
    for (String key : Scorecard.HEADLINE) {
      out.append(String.format(Locale.ROOT, "  mean %-18s %s%n", key, EvalReport.fmt(EvalReport.round(mean(key)))));
    }
    List<String> falseHeals = withFalseHeals();
    out.append(String.format(Locale.ROOT, "  projects with a genuine failure healed: %d%s%n", falseHeals.size(),
        falseHeals.isEmpty() ? "" : " (" + String.join(", ", falseHeals) + ")"));
    out.append(String.format(Locale.ROOT, "%n%-48s %5s %9s %9s %9s %9s%n", "project", "cases", "accuracy",
        "precision", "genHealed", "recall"));
    List<Map.Entry<String, Scorecard>> rows = new ArrayList<>(byProject.entrySet());
    rows.sort(Comparator.comparing((Map.Entry<String, Scorecard> e) -> e.getValue().categoryAccuracy())
        .thenComparing(Map.Entry::getKey));
    for (Map.Entry<String, Scorecard> e : rows) {
      Scorecard s = e.getValue();
      out.append(String.format(Locale.ROOT, "%-48s %5d %9s %9s %9s %9s%n", cut(e.getKey()), s.cases(),
          EvalReport.fmt(EvalReport.round(s.categoryAccuracy())), EvalReport.fmt(EvalReport.round(s.healPrecision())),
          EvalReport.fmt(EvalReport.round(s.falseHealRate())), EvalReport.fmt(EvalReport.round(s.healableRecall()))));
    }
    return out.toString();
  }

  private static String cut(String text) {
    return text.length() <= 48 ? text : text.substring(0, 47) + "…";
  }
}
