package ai.rodytech.healer.sim;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Resource quantities as the API server reads them and prints them in its messages (canonical form). */
final class Quantities {
  private static final String[] BINARY = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
  private static final String[] DECIMAL = {"E", "P", "T", "G", "M", "k"};

  private Quantities() {}

  /** The amount of a quantity (bytes for memory, cores for cpu); null when it does not parse. */
  static BigDecimal amount(String quantity) {
    try {
      return Quantity.getAmountInBytes(new Quantity(quantity));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * {@code amount} in canonical form: with the largest binary suffix that divides it when {@code binary}
   * (1536Mi), else the largest decimal one (2k), millis for a fraction (500m).
   */
  static String format(BigDecimal amount, boolean binary) {
    BigDecimal value = amount.stripTrailingZeros();
    if (value.signum() == 0) {
      return "0";
    }
    if (value.scale() > 0) {
      BigDecimal milli = value.movePointRight(3);
      return milli.stripTrailingZeros().scale() <= 0 ? milli.toBigInteger() + "m" : value.toPlainString();
    }
    BigInteger whole = value.toBigIntegerExact();
    String[] suffixes = binary ? BINARY : DECIMAL;
    int base = binary ? 1024 : 1000;
    for (int i = 0; i < suffixes.length; i++) {
      BigInteger unit = BigInteger.valueOf(base).pow(suffixes.length - i);
      if (whole.mod(unit).signum() == 0) {
        return whole.divide(unit) + suffixes[i];
      }
    }
    return whole.toString();
  }

  /** Whether a quantity as written uses a binary suffix (Mi, Gi, ...). */
  static boolean binary(String quantity) {
    return quantity != null && quantity.endsWith("i");
  }
}
