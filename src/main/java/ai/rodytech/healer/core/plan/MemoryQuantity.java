package ai.rodytech.healer.core.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes memory quantities (e.g. 512Mi, 1.5Gi, 1G, 1048576, 1e9) to bytes and back, without the client. The
 * grammar is the API's ({@code k8s.io/apimachinery/pkg/api/resource}): a number ({@code 1}, {@code 1.5},
 * {@code 1.}, {@code .5}) and one suffix — binary {@code Ki Mi Gi Ti Pi Ei}, decimal {@code n u m k M G T P E},
 * or a decimal exponent {@code e3}/{@code E-2}. {@code K} is not a suffix; a negative quantity is never a memory
 * limit, so no sign but {@code +}.
 */
public final class MemoryQuantity {
  /** The grammar as a regular expression, for the CRD's schema as for this class. */
  public static final String PATTERN =
      "^\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$";
  private static final Pattern FORMAT = Pattern.compile(PATTERN);
  private static final Pattern EXPONENT = Pattern.compile("[eE][+-]?[0-9]+");
  private static final Pattern SPLIT = Pattern.compile("^\\+?([0-9.]+)(.*)$");
  public static final long MI = 1024L * 1024L;
  /** Exponents beyond this are no memory size anyone means (and would not fit in a long anyway). */
  private static final int MAX_EXPONENT = 30;

  private MemoryQuantity() {}

  /** Bytes of a quantity, rounded up to a whole byte; throws IllegalArgumentException naming the bad value. */
  public static long parseBytes(String quantity) {
    if (quantity == null) {
      throw new IllegalArgumentException("memory quantity is missing");
    }
    String text = quantity.trim();
    if (!FORMAT.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + quantity + "' is not a memory quantity (e.g. 512Mi, 2Gi)");
    }
    Matcher m = SPLIT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + quantity + "' is not a memory quantity (e.g. 512Mi, 2Gi)");
    }
    BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
    BigDecimal bytes = number.multiply(multiplier(m.group(2), quantity)).setScale(0, RoundingMode.CEILING);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + quantity + "' is too large");
    }
    return bytes.longValueExact();
  }

  private static BigDecimal multiplier(String suffix, String quantity) {
    if (EXPONENT.matcher(suffix).matches()) {
      int exponent = Integer.parseInt(suffix.substring(1).replace("+", ""));
      if (Math.abs(exponent) > MAX_EXPONENT) {
        throw new IllegalArgumentException("'" + quantity + "' is too large");
      }
      return BigDecimal.ONE.scaleByPowerOfTen(exponent);
    }
    return switch (suffix) {
      case "" -> BigDecimal.ONE;
      case "n" -> new BigDecimal("1e-9");
      case "u" -> new BigDecimal("1e-6");
      case "m" -> new BigDecimal("0.001");
      case "Ki" -> BigDecimal.valueOf(1024L);
      case "Mi" -> BigDecimal.valueOf(MI);
      case "Gi" -> BigDecimal.valueOf(1024L * MI);
      case "Ti" -> BigDecimal.valueOf(1024L * 1024L * MI);
      case "Pi" -> BigDecimal.valueOf(1024L * 1024L * 1024L * MI);
      case "Ei" -> BigDecimal.valueOf(1024L * 1024L * 1024L * 1024L * MI);
      case "k" -> BigDecimal.valueOf(1000L);
      case "M" -> BigDecimal.valueOf(1000_000L);
      case "G" -> BigDecimal.valueOf(1000_000_000L);
      case "T" -> BigDecimal.valueOf(1000_000_000_000L);
      case "P" -> BigDecimal.valueOf(1000_000_000_000_000L);
      case "E" -> BigDecimal.valueOf(1000_000_000_000_000_000L);
      default -> throw new IllegalArgumentException("unknown suffix in " + quantity);
    };
  }

  /** Whether the text is a memory quantity this class can read. */
  public static boolean isValid(String quantity) {
    return quantity != null && FORMAT.matcher(quantity.trim()).matches();
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
