package ai.rodytech.healer.core.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Passwords given as flags to the commands that take one: {@code docker login -p PW} (podman, buildah, nerdctl,
 * skopeo, oras, crane, helm registry), {@code sshpass -p PW}, {@code mysql -pPW} (the MySQL and MariaDB
 * clients), {@code curl -u user:PW}. A flag counts only inside its command, up to the next {@code |}, {@code ;}
 * or {@code &&}, so {@code docker run -p 8080:80} and {@code ssh -p 2222} stay. Each line is split into
 * words once, whatever it holds, so the scan is linear (a regular expression that looks ahead for the flag
 * from every command name is quadratic on a line of command names).
 */
final class CommandPasswords {
  private static final Set<String> REGISTRY_CLIENTS =
      Set.of("docker", "podman", "buildah", "nerdctl", "skopeo", "oras", "crane", "registry");
  private static final List<String> COMMAND_WORDS = List.of("login", "sshpass", "mysql", "mariadb", "curl");
  private static final Set<String> COMMAND_ENDS = Set.of("|", "||", "&&", ";", "&");

  private enum Command { NONE, LOGIN, SSHPASS, MYSQL, CURL }

  private CommandPasswords() {}

  static void find(String text, Consumer<Finding> sink) {
    // Only lines that name one of the commands are split into words; each is found once per command word.
    TreeSet<Integer> lineStarts = new TreeSet<>();
    for (String command : COMMAND_WORDS) {
      for (int at = text.indexOf(command); at >= 0; at = text.indexOf(command, lineEnd(text, at))) {
        lineStarts.add(text.lastIndexOf('\n', at) + 1);
      }
    }
    for (int start : lineStarts) {
      scanLine(text, words(text, start, lineEnd(text, start)), sink);
    }
  }

  private static int lineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  /** The words of a line as [start, end) pairs; a quoted word runs to its closing quote. */
  private static List<int[]> words(String text, int from, int to) {
    List<int[]> words = new ArrayList<>();
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r') {
        i++;
        continue;
      }
      int start = i;
      while (i < to && " \t\r".indexOf(text.charAt(i)) < 0) {
        char q = text.charAt(i);
        if (q == '"' || q == '\'') {
          int close = text.indexOf(q, i + 1);
          i = close < 0 || close >= to ? to : close + 1;
        } else {
          i++;
        }
      }
      words.add(new int[] {start, i});
    }
    return words;
  }

  private static void scanLine(String text, List<int[]> words, Consumer<Finding> sink) {
    Command command = Command.NONE;
    String previous = "";
    for (int w = 0; w < words.size(); w++) {
      String word = text.substring(words.get(w)[0], words.get(w)[1]);
      String next = w + 1 < words.size() ? text.substring(words.get(w + 1)[0], words.get(w + 1)[1]) : null;
      int nextStart = w + 1 < words.size() ? words.get(w + 1)[0] : -1;
      if (COMMAND_ENDS.contains(word)) {
        command = Command.NONE;
      } else if (word.equals("login") && REGISTRY_CLIENTS.contains(baseName(previous))) {
        command = Command.LOGIN;
      } else if (baseName(word).equals("sshpass")) {
        command = Command.SSHPASS;
      } else if (baseName(word).startsWith("mysql") || baseName(word).startsWith("mariadb")) {
        command = Command.MYSQL;
      } else if (baseName(word).equals("curl")) {
        command = Command.CURL;
      } else {
        int start = words.get(w)[0];
        switch (command) {
          case LOGIN -> separateValue(word, "-p", next, nextStart, sink);
          case SSHPASS -> {
            separateValue(word, "-p", next, nextStart, sink);
            attachedValue(word, "-p", start, sink);
          }
          case MYSQL -> attachedValue(word, "-p", start, sink);
          case CURL -> {
            userPassword(word, "-u", start, next, nextStart, sink);
            userPassword(word, "--user", start, next, nextStart, sink);
          }
          default -> { }
        }
      }
      if (word.endsWith(";")) {
        command = Command.NONE;
      }
      previous = word;
    }
  }

  /** "-p VALUE": the next word. */
  private static void separateValue(String word, String flag, String next, int nextStart, Consumer<Finding> sink) {
    if (word.equals(flag) && next != null && !next.startsWith("-")) {
      report(next, nextStart, sink);
    }
  }

  /** "-pVALUE": the rest of the word. */
  private static void attachedValue(String word, String flag, int start, Consumer<Finding> sink) {
    if (word.startsWith(flag) && word.length() > flag.length()) {
      report(word.substring(flag.length()), start + flag.length(), sink);
    }
  }

  /** "-u user:PW", "-uuser:PW", "--user user:PW": what follows the first ':'. */
  private static void userPassword(
      String word, String flag, int start, String next, int nextStart, Consumer<Finding> sink) {
    String credentials;
    int at;
    if (word.equals(flag) && next != null) {
      credentials = next;
      at = nextStart;
    } else if (flag.length() == 2 && word.startsWith(flag) && word.length() > 2) {
      credentials = word.substring(2);
      at = start + 2;
    } else {
      return;
    }
    int colon = credentials.indexOf(':');
    // "[REDACTED:...]:" is a user already masked (a Stripe key as curl's user), not user:password.
    if (colon > 0 && colon + 1 < credentials.length() && credentials.charAt(0) != '[') {
      report(credentials.substring(colon + 1), at + colon + 1, sink);
    }
  }

  /** Reports a value, without the quotes around it; references ($PW) and masks are left alone. */
  private static void report(String value, int at, Consumer<Finding> sink) {
    int start = at;
    int end = at + value.length();
    if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
      start++;
      if (value.charAt(value.length() - 1) == value.charAt(0)) {
        end--;
      }
    }
    String inner = value.substring(start - at, end - at);
    if (end > start && !Placeholders.isPlaceholder(inner, 0, inner.length())) {
      sink.accept(new Finding(start, end, SecretKind.PASSWORD_FLAG));
    }
  }

  /** "/usr/bin/docker" is docker. */
  private static String baseName(String word) {
    return word.substring(word.lastIndexOf('/') + 1);
  }
}
