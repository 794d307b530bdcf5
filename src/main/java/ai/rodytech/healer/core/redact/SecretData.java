package ai.rodytech.healer.core.redact;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Base64 values of a Kubernetes Secret's {@code data}, as {@code kubectl get secret -o yaml|json} prints them
 * ({@code key: base64} or {@code "key": "base64"}). A value is masked when its key names secret data
 * ({@code .dockerconfigjson}, {@code tls.key}, {@code *.key}, ...), or when it decodes to text in which the
 * other patterns find a secret (a private key, a password assignment). Base64 of ordinary text, a certificate
 * or a checksum stays. One pass over the text; each value is decoded and scanned once, so the work is linear.
 */
final class SecretData {
  /** Shortest value masked for its key name alone. */
  private static final int MIN_NAMED = 16;
  /** Shortest value decoded to look inside: shorter ones hold too little to judge. */
  private static final int MIN_DECODED = 24;
  private static final int MAX_KEY = 253;
  private static final Set<String> SECRET_KEYS =
      Set.of(
          ".dockerconfigjson", ".dockercfg", "tls.key", ".htpasswd", ".netrc", ".npmrc", ".pypirc",
          ".git-credentials", "kubeconfig", "credentials", "credentials.json", "id_rsa", "id_dsa", "id_ecdsa",
          "id_ed25519");
  private static final List<String> SECRET_KEY_ENDINGS = List.of(".key", ".p12", ".pfx", ".jks", ".keystore");

  private SecretData() {}

  /**
   * Reports every secret base64 value of the text.
   *
   * @param holdsSecret whether decoded text holds a secret (the other patterns, never this one again)
   */
  static void find(String text, Predicate<String> holdsSecret, Consumer<Finding> sink) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isBase64(text.charAt(i)) || (i > 0 && isTokenChar(text.charAt(i - 1)))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isBase64(text.charAt(i))) {
        i++;
      }
      int end = i;
      while (end < n && end - i < 2 && text.charAt(end) == '=') {
        end++;
      }
      if (end == n || !isTokenChar(text.charAt(end))) {
        String key = keyBefore(text, start);
        if (key != null && isSecret(key, text.substring(start, end), holdsSecret)) {
          sink.accept(new Finding(start, end, SecretKind.SECRET_DATA));
        }
      }
      i = Math.max(end, start + 1);
    }
  }

  private static boolean isSecret(String key, String value, Predicate<String> holdsSecret) {
    if (value.length() >= MIN_NAMED && isSecretKey(key)) {
      return true;
    }
    if (value.length() < MIN_DECODED || value.length() % 4 != 0) {
      return false;
    }
    String decoded = decodedText(value);
    return decoded != null && holdsSecret.test(decoded);
  }

  static boolean isSecretKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_KEYS.contains(lower) || SECRET_KEY_ENDINGS.stream().anyMatch(lower::endsWith);
  }

  /** The key of a "key: value" or "key": "value" entry whose value starts at valueStart, or null. */
  private static String keyBefore(String text, int valueStart) {
    int j = valueStart - 1;
    if (j >= 0 && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
      j--;
    }
    while (j >= 0 && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
      j--;
    }
    if (j < 0 || text.charAt(j) != ':') {
      return null;
    }
    j--;
    if (j >= 0 && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
      j--;
    }
    int keyEnd = j + 1;
    int floor = Math.max(0, keyEnd - MAX_KEY);
    while (j >= floor && isKeyChar(text.charAt(j))) {
      j--;
    }
    return j + 1 < keyEnd ? text.substring(j + 1, keyEnd) : null;
  }

  /** The value decoded as UTF-8 text, or null when it is not base64 of text (a checksum, a binary). */
  private static String decodedText(String value) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int c = 0; c < decoded.length(); c++) {
      char ch = decoded.charAt(c);
      if (ch < ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
        return null;
      }
    }
    return decoded;
  }

  private static boolean isBase64(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
  }

  /** A character that would make the base64 run part of a longer token (URL-safe base64, a path, a name). */
  private static boolean isTokenChar(char c) {
    return isBase64(c) || c == '=' || c == '-' || c == '_' || c == '.' || c == '%';
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-';
  }
}
