package ai.rodytech.healer.core.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes memory quantities (e.g. 512Mi, 1.5Gi, 1G, 1048576) to bytes and back, without the client. */
public final class MemoryQuantity {
  private static final Pattern FORMAT =
      Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E|m)?\\s*$");
  public static final long MI = 1024L * 1024L;

  private MemoryQuantity() {}

  /** Bytes of a quantity; throws IllegalArgumentException naming the bad value. */
  public static long parseBytes(String quantity) {
    if (quantity == null) {
      throw new IllegalArgumentException("memory quantity is missing");
    }
    Matcher m = FORMAT.matcher(quantity);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + quantity + "' is not a memory quantity (e.g. 512Mi, 2Gi)");
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    BigDecimal multiplier =
        switch (suffix) {
          case "" -> BigDecimal.ONE;
          case "m" -> new BigDecimal("0.001");
          case "Ki" -> BigDecimal.valueOf(1024L);
          case "Mi" -> BigDecimal.valueOf(MI);
          case "Gi" -> BigDecimal.valueOf(1024L * MI);
          case "Ti" -> BigDecimal.valueOf(1024L * 1024L * MI);
          case "Pi" -> BigDecimal.valueOf(1024L * 1024L * 1024L * MI);
          case "Ei" -> BigDecimal.valueOf(1024L * 1024L * 1024L * 1024L * MI);
          case "k", "K" -> BigDecimal.valueOf(1000L);
          case "M" -> BigDecimal.valueOf(1000_000L);
          case "G" -> BigDecimal.valueOf(1000_000_000L);
          case "T" -> BigDecimal.valueOf(1000_000_000_000L);
          case "P" -> BigDecimal.valueOf(1000_000_000_000_000L);
          case "E" -> BigDecimal.valueOf(1000_000_000_000_000_000L);
          default -> throw new IllegalArgumentException("unknown suffix in " + quantity);
        };
    BigDecimal bytes = number.multiply(multiplier).setScale(0, RoundingMode.CEILING);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + quantity + "' is too large");
    }
    return bytes.longValueExact();
  }

  /** Whether the text is a memory quantity this class can read. */
  public static boolean isValid(String quantity) {
    return quantity != null && FORMAT.matcher(quantity).matches();
  }

  /** Bytes rounded up to whole MiB. */
  public static long ceilToMi(long bytes) {
    return -Math.floorDiv(-bytes, MI) * MI;
  }

  /** Bytes rounded down to whole MiB. */
  public static long floorToMi(long bytes) {
    return Math.floorDiv(bytes, MI) * MI;
  }

  /** Bytes rounded up to whole MiB, written as e.g. "768Mi" (or "2Gi" when whole GiB). */
  public static String formatMi(long bytes) {
    long mi = (bytes + MI - 1) / MI;
    if (mi > 0 && mi % 1024 == 0) {
      return (mi / 1024) + "Gi";
    }
    return mi + "Mi";
  }

  /** Bytes in a short human form, for messages. */
  public static String human(long bytes) {
    if (bytes % (1024 * MI) == 0 && bytes > 0) {
      return (bytes / (1024 * MI)) + "Gi";
    }
    return String.format(Locale.ROOT, "%dMi", (bytes + MI - 1) / MI);
  }
}
