package ai.rodytech.healer.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * For each signature that decided a case: how many cases, on how many distinct projects, and how often its heals
 * were right. A signature that only ever decides one project's logs is suspect: it may describe that project,
 * not the tool.
 */
public final class SignatureView {

  /** One signature's record over the cases it decided. */
  public record Row(String signature, int cases, int projects, int heals, int healsRight, int categoryRight) {

    public Double healPrecision() {
      return heals == 0 ? null : (double) healsRight / heals;
    }

    /** Share of its cases whose label is the category it decided. */
    public double categoryPrecision() {
      return (double) categoryRight / cases;
    }

    public boolean oneProject() {
      return projects == 1;
    }
  }

  private final List<Row> rows = new ArrayList<>();

  public SignatureView(List<Outcome> outcomes) {
    Map<String, List<Outcome>> bySignature = new TreeMap<>();
    for (Outcome o : outcomes) {
      if (!o.signatures().isEmpty()) {
        bySignature.computeIfAbsent(o.signatures().get(0), k -> new ArrayList<>()).add(o);
      }
    }
    bySignature.forEach((signature, list) -> {
      Set<String> projects = new HashSet<>();
      int heals = 0;
      int healsRight = 0;
      int right = 0;
      for (Outcome o : list) {
        projects.add(o.project());
        heals += o.heals() ? 1 : 0;
        healsRight += o.heals() && o.actionRight() ? 1 : 0;
        right += o.categoryRight() ? 1 : 0;
      }
      rows.add(new Row(signature, list.size(), projects.size(), heals, healsRight, right));
    });
    rows.sort(Comparator.comparingInt(Row::cases).reversed().thenComparing(Row::signature));
  }

  public List<Row> rows() {
    return rows;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Row row : rows) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("cases", row.cases());
      item.put("projects", row.projects());
      item.put("heals", row.heals());
      item.put("healPrecision", EvalReport.round(row.healPrecision()));
      item.put("categoryPrecision", EvalReport.round(row.categoryPrecision()));
      item.put("oneProject", row.oneProject());
      json.put(row.signature(), item);
    }
    return json;
  }

  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nPer deciding signature (* = decided on one project only)%n"));
    out.append(String.format(Locale.ROOT, "%-34s %5s %8s %5s %10s %10s%n", "signature", "cases", "projects",
        "heals", "healPrec", "catPrec"));
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "%-34s %5d %8d %5d %10s %10s%n",
          (row.oneProject() ? "*" : " ") + row.signature(), row.cases(), row.projects(), row.heals(),
          EvalReport.fmt(EvalReport.round(row.healPrecision())), EvalReport.fmt(EvalReport.round(row.categoryPrecision()))));
    }
    return out.toString();
  }
}
