package ai.rodytech.healer.rules;

/** A signature file that cannot be used: the message names the file and the signature at fault. */
public class InvalidSignatureException extends RuntimeException {

  public InvalidSignatureException(String message) {
    super(message);
  }

  public InvalidSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
