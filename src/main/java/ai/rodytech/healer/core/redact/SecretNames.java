package ai.rodytech.healer.core.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides from a key or variable name alone whether its value is a secret. Only the end of the name counts
 * ({@code DB_PASSWORD}, {@code apiKey}, {@code AWS_SECRET_ACCESS_KEY}), so names that merely mention a secret
 * ({@code secretName}, {@code token_type}, {@code TokenExpiredException}, {@code io.jsonwebtoken}) are not.
 */
final class SecretNames {
  private static final Set<String> SECRET_WORDS =
      Set.of(
          "password", "passwd", "passphrase", "secret", "token", "apikey",
          "accesskey", "secretkey", "privatekey", "accesstoken", "authtoken", "refreshtoken", "sessiontoken",
          "clientsecret", "credential", "cookie");
  /** Whole names of variables that hold a password without saying "password" at the end of a word. */
  private static final Set<String> SECRET_VARIABLES = Set.of("sshpass", "rediscli_auth");
  /** Compound words ending in a secret word: PGPASSWORD, ADMINPASSWD. */
  private static final List<String> SECRET_WORD_ENDINGS = List.of("password", "passwd");
  /** Secret only as the whole name (npm's _auth, Docker's "auth"); "google.auth" is a logger, not a key. */
  private static final String AUTH = "auth";
  /** Secret only after another word: DB_PASS, X-Amz-Signature; alone they are "--- PASS: TestFoo" or prose. */
  private static final Set<String> SECRET_WORDS_AFTER_ANOTHER = Set.of("pass", "signature", "pwd");
  /** Words that make a following "key" a secret: api key, access key, ... */
  private static final Set<String> KEY_QUALIFIERS =
      Set.of(
          "api", "access", "secret", "private", "account", "storage", "shared", "signing", "master",
          "encryption", "auth", "client", "license", "deploy", "sas");
  /** Trailing words that still name the secret itself: token_value, PASSWORD_B64. */
  private static final Set<String> VALUE_WORDS = Set.of("value", "string", "data", "b64", "base64", "encoded", "plain");

  private SecretNames() {}

  static boolean isSecret(String name) {
    List<String> words = words(name);
    int n = words.size();
    if (n == 0) {
      return false;
    }
    if (n >= 2 && VALUE_WORDS.contains(words.get(n - 1))) {
      words = words.subList(0, n - 1);
      n--;
    }
    String last = words.get(n - 1);
    if (SECRET_WORDS.contains(last) || (n == 1 && last.equals(AUTH))
        || SECRET_VARIABLES.contains(name.toLowerCase(Locale.ROOT))
        || SECRET_WORD_ENDINGS.stream().anyMatch(last::endsWith)) {
      return true;
    }
    return n >= 2
        && (SECRET_WORDS_AFTER_ANOTHER.contains(last)
            || (last.equals("key") && KEY_QUALIFIERS.contains(words.get(n - 2))));
  }

  /** Whether the name's last words are these, e.g. AWS_SECRET_ACCESS_KEY and SecretAccessKey end with secret, access, key. */
  static boolean endsWithWords(String name, String... last) {
    List<String> words = words(name);
    return words.size() >= last.length && words.subList(words.size() - last.length, words.size()).equals(List.of(last));
  }

  /** Whether the name is written like an environment variable (UPPER_SNAKE). */
  static boolean isEnvStyle(String name) {
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return upper;
  }

  /** Lower-case words of a name split at non-alphanumerics and at camelCase humps. */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char previous = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      boolean hump = c >= 'A' && c <= 'Z' && previous >= 'a' && previous <= 'z';
      if (!alnum || hump) {
        flush(word, words);
      }
      if (alnum) {
        word.append(c);
      }
      previous = c;
    }
    flush(word, words);
    return words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (!word.isEmpty()) {
      words.add(word.toString().toLowerCase(Locale.ROOT));
      word.setLength(0);
    }
  }
}
