package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names of the api enums as written in YAML, in declaration order (the CRD lists enum values sorted, which
 * would put retry_stage last), and the noun for a field in messages ("unknown strategy").
 */
final class WireNames {
  private static final List<Class<? extends Enum<?>>> API_ENUMS =
      List.of(HealingStrategy.class, Mode.class, Approval.class, BrainChoice.class, AlertSettings.Channel.class);

  private WireNames() {}

  /** The values, ordered as their api enum declares them when one enum has exactly these; else as given. */
  static List<String> inDeclarationOrder(Collection<String> values) {
    for (Class<? extends Enum<?>> type : API_ENUMS) {
      List<String> names = of(type);
      if (Set.copyOf(names).equals(Set.copyOf(values))) {
        return names;
      }
    }
    List<String> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted;
  }

  /** The YAML names of an enum's constants, from their @JsonProperty. */
  static List<String> of(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(WireNames::of).toList();
  }

  static String of(Enum<?> constant) {
    try {
      JsonProperty property = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
      return property == null ? constant.name().toLowerCase(Locale.ROOT) : property.value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The thing a field holds, for messages: the last word of its name, singular for list entries
   * (spec.allowedStrategies[1] is a "strategy", spec.alerts.channels[0] a "channel", spec.mode a "mode").
   */
  static String noun(String path) {
    boolean entry = path.endsWith("]");
    String field = entry ? path.substring(0, path.lastIndexOf('[')) : path;
    field = field.substring(field.lastIndexOf('.') + 1);
    int lastHump = 0;
    for (int i = 1; i < field.length(); i++) {
      if (Character.isUpperCase(field.charAt(i))) {
        lastHump = i;
      }
    }
    String word = field.substring(lastHump).toLowerCase(Locale.ROOT);
    if (!entry) {
      return word;
    }
    if (word.endsWith("ies")) {
      return word.substring(0, word.length() - 3) + "y";
    }
    return word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
  }
}
