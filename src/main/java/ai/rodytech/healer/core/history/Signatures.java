package ai.rodytech.healer.core.history;

import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import java.util.List;

/**
 * The signature ids a diagnosis is recorded under: the key of a track record and of the per-signature metrics.
 * One place, so that the ledger, the judge and the metrics always agree.
 *
 * <p>A diagnosis is keyed by the ids of the catalog signatures that decided it ({@link Diagnosis#signatures()});
 * one that names none (an LLM's answer, a log with no known shape) by its category ({@code category:oom}).
 */
public final class Signatures {
  static final String CATEGORY_PREFIX = "category:";

  private Signatures() {}

  /** The diagnosis's signature ids, the deciding one first; never empty. */
  public static List<String> of(Diagnosis diagnosis) {
    if (!diagnosis.signatures().isEmpty()) {
      return diagnosis.signatures();
    }
    Category category = diagnosis.category() == null ? Category.UNKNOWN : diagnosis.category();
    return List.of(CATEGORY_PREFIX + category.wireName());
  }
}
