package ai.rodytech.healer.alert;

/**
 * How one delivery to one channel ended.
 *
 * @param delivered whether the channel accepted it
 * @param reason why not, naming no secret; empty when delivered
 * @param attempts requests made (0 when none was needed or possible)
 */
record DeliveryOutcome(boolean delivered, String reason, int attempts) {

  static DeliveryOutcome delivered(int attempts) {
    return new DeliveryOutcome(true, "", attempts);
  }

  static DeliveryOutcome failed(String reason, int attempts) {
    return new DeliveryOutcome(false, reason, attempts);
  }
}
