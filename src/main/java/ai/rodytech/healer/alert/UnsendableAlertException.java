package ai.rodytech.healer.alert;

/** An alert cannot be sent to a channel as configured (a key missing from the Secret, a bad URL). */
final class UnsendableAlertException extends Exception {

  UnsendableAlertException(String reason) {
    super(reason, null, false, false);
  }
}
