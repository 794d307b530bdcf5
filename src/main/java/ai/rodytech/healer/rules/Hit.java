package ai.rodytech.healer.rules;

/**
 * A signature matching one line.
 *
 * @param signature the signature that matched
 * @param line the line it matched (number 0 for text that is not a log line, e.g. a termination reason)
 * @param index position of the line in the scanned tail, or -1 for text outside the log
 */
public record Hit(Signature signature, LogLine line, int index) {

  public boolean inLog() {
    return index >= 0;
  }
}
