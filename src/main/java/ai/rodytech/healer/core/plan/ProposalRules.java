package ai.rodytech.healer.core.plan;

import ai.rodytech.healer.core.snapshot.ContainerObservation;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules a proposed change's arguments are held to, in one place: the planner applies them to a brain's
 * proposal, and the LLM brain's tool-call validator applies the same ones before it takes a model's answer. Each
 * rule returns what is wrong, or empty. Whether a strategy is allowed at all is the guard's call
 * (StrategyAllowedCheck), not a rule here.
 */
public final class ProposalRules {
  // A version is one token: no spaces, quotes or shell metacharacters a person would not expect in a version.
  private static final Pattern PIN_VALUE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+:@/~^=<>*-]{0,127}$");

  private ProposalRules() {}

  /**
   * A proposed memory limit: a memory quantity, above what the container has (its limit, else its request), and
   * not above the policy's ceiling.
   */
  public static Optional<String> memoryLimit(String proposed, String current, long ceilingBytes) {
    if (proposed == null || !MemoryQuantity.isValid(proposed)) {
      return Optional.of("the proposed memory limit '" + printable(proposed) + "' is not a memory quantity");
    }
    long bytes = MemoryQuantity.ceilToMi(MemoryQuantity.parseBytes(proposed));
    if (bytes > MemoryQuantity.floorToMi(ceilingBytes)) {
      return Optional.of("the proposed memory limit " + proposed + " is above the policy's memory ceiling "
          + MemoryQuantity.human(ceilingBytes));
    }
    if (current != null && MemoryQuantity.isValid(current) && bytes <= MemoryQuantity.parseBytes(current)) {
      return Optional.of("the proposed memory limit " + proposed + " is not above the current " + current);
    }
    return Optional.empty();
  }

  /**
   * A proposed version pin: one the policy names, set as a plain value by the container, to a value that is a
   * version and not the current one. {@code container} may be null when no container could be named.
   */
  public static Optional<String> versionPin(
      String pin, String newValue, Collection<String> policyPins, ContainerObservation container) {
    if (!policyPins.contains(pin)) {
      return Optional.of("the proposal changes " + printable(pin) + ", which the policy does not name as a version"
          + " pin (versionPins: " + policyPins + ")");
    }
    if (container == null || !container.env().containsKey(pin)) {
      return Optional.of("the proposal changes " + pin + ", but "
          + (container == null ? "no container" : "container '" + container.name() + "'")
          + " of the run sets it as a plain value");
    }
    String current = container.env().get(pin);
    if (newValue == null || !PIN_VALUE.matcher(newValue).matches() || newValue.equals(current)) {
      return Optional.of("the proposed value '" + printable(newValue) + "' for " + pin + " is "
          + (newValue != null && newValue.equals(current) ? "its current value" : "not a version"));
    }
    return Optional.empty();
  }

  /** A proposed image: another tag or digest of the container's own repository. */
  public static Optional<String> image(String newValue, ContainerObservation container) {
    Optional<ImageReference> current = ImageReference.parse(container.image());
    Optional<ImageReference> proposed = ImageReference.parse(newValue);
    if (current.isEmpty() || proposed.isEmpty() || !proposed.get().sameRepository(current.get())
        || newValue.equals(container.image())) {
      return Optional.of("the proposed image '" + printable(newValue) + "' for container '" + container.name()
          + "' is not another tag or digest of its repository (image " + container.image() + ")");
    }
    return Optional.empty();
  }

  /** Text from a proposal, on one line and short, for messages. */
  public static String printable(String text) {
    if (text == null) {
      return "";
    }
    String oneLine = text.replaceAll("\\p{Cntrl}", " ");
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
  }
}
