package ai.rodytech.healer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Changes a labelled log in ways that must not change its diagnosis, to measure how the brain holds on logs that
 * are formatted or interrupted differently from the ones it was written against. Deterministic: the same case
 * is always changed the same way.
 *
 * <ul>
 *   <li>{@link #FORMAT}: what another CI or terminal does to the same output: a GitHub Actions timestamp before
 *       every line, ANSI colour on error lines, CRLF line ends, and {@code \r} progress redraws between lines.
 *   <li>{@link #HICCUP}: a network blip the run recovered from (an apt mirror that timed out before another
 *       answered, a download retried and saved, a Maven transfer reset then downloaded, an npm retry, a git fetch
 *       the CI retried, a pip or curl retry, a Docker layer retried), inserted 20 % into the log.
 * </ul>
 */
public enum Perturbation {
  FORMAT {
    @Override
    String apply(String log, String seed) {
      List<String> lines = lines(log);
      StringBuilder out = new StringBuilder(log.length() + lines.size() * 40);
      long millis = 1_715_000_000_000L % 86_400_000L + Math.floorMod(seed.hashCode(), 3_600_000);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        millis += 7 + Math.floorMod(line.hashCode(), 400);
        if (i % 40 == 17) {
          out.append(stamp(millis)).append("Downloading   3%\r").append("Downloading  61%\r")
              .append("Downloading 100%").append("\r\n");
        }
        if (!STAMPED.matcher(line).lookingAt()) {
          out.append(stamp(millis));
        }
        out.append(ERRORISH.matcher(line).find() ? "\u001b[1;31m" + line + "\u001b[0m" : line).append("\r\n");
      }
      return out.toString();
    }
  },
  HICCUP {
    @Override
    String apply(String log, String seed) {
      List<String> lines = lines(log);
      List<String> blip = BLIPS.get(Math.floorMod(seed.hashCode(), BLIPS.size()));
      int at = lines.size() / 5;
      List<String> changed = new ArrayList<>(lines.subList(0, at));
      changed.addAll(blip);
      changed.addAll(lines.subList(at, lines.size()));
      return String.join("\n", changed) + "\n";
    }
  };

  private static final Pattern STAMPED = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
  private static final Pattern ERRORISH =
      Pattern.compile("(?i)error|fail|exception|fatal|killed|denied|cannot|could not|timed? ?out");

  /** The log with this change, for the case named {@code seed}. */
  abstract String apply(String log, String seed);

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** "format", "hiccup" (any case); throws IllegalArgumentException naming the valid ones. */
  public static Perturbation fromWireName(String name) {
    for (Perturbation p : values()) {
      if (p.wireName().equalsIgnoreCase(name.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown perturbation '" + name + "' (known: format, hiccup)");
  }

  private static List<String> lines(String log) {
    List<String> lines = new ArrayList<>(List.of(log.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static String stamp(long millisOfDay) {
    long ms = millisOfDay % 86_400_000L;
    return String.format(Locale.ROOT, "2024-05-07T%02d:%02d:%02d.%03d0000Z ",
        ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }

  /** Recovered network blips, each in its tool's own words; the run went on after each. */
  private static final List<List<String>> BLIPS = List.of(
      List.of(
          "Hit:1 http://archive.ubuntu.com/ubuntu jammy InRelease",
          "Err:2 http://azure.archive.ubuntu.com/ubuntu jammy-updates InRelease",
          "  Could not connect to azure.archive.ubuntu.com:80 (52.147.219.192), connection timed out",
          "Get:3 http://security.ubuntu.com/ubuntu jammy-security InRelease [110 kB]",
          "Get:4 http://archive.ubuntu.com/ubuntu jammy-updates InRelease [119 kB]",
          "Fetched 229 kB in 31s (7412 B/s)",
          "Reading package lists..."),
      List.of(
          "--2024-05-07 13:10:29--  https://github.com/example/tool/releases/download/v1.4.2/tool-linux-amd64.tar.gz",
          "Resolving github.com (github.com)... 140.82.112.3",
          "Connecting to github.com (github.com)|140.82.112.3|:443... failed: Connection timed out.",
          "Retrying.",
          "",
          "--2024-05-07 13:12:40--  (try: 2)  https://github.com/example/tool/releases/download/v1.4.2/tool-linux-amd64.tar.gz",
          "Connecting to github.com (github.com)|140.82.112.3|:443... connected.",
          "HTTP request sent, awaiting response... 200 OK",
          "Length: 8123456 (7.7M) [application/octet-stream]",
          "Saving to: 'tool-linux-amd64.tar.gz'",
          "",
          "2024-05-07 13:12:42 (5.12 MB/s) - 'tool-linux-amd64.tar.gz' saved [8123456/8123456]"),
      List.of(
          "[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar",
          "[INFO] I/O exception (java.net.SocketException) caught when processing request to {s}->https://repo.maven.apache.org:443: Connection reset",
          "[INFO] Retrying request to {s}->https://repo.maven.apache.org:443",
          "[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar (658 kB at 2.1 MB/s)"),
      List.of(
          "npm WARN registry Unexpected warning for https://registry.npmjs.org/: Miscellaneous Warning ECONNRESET: request to https://registry.npmjs.org/left-pad failed, reason: read ECONNRESET",
          "npm WARN registry Using stale data from https://registry.npmjs.org/ due to a request error during revalidation.",
          "npm WARN retry will retry, error on last attempt: Error: socket hang up",
          "added 1204 packages from 890 contributors and audited 1210 packages in 48.2s"),
      List.of(
          "$ travis_retry git fetch --unshallow --tags",
          "error: RPC failed; curl 56 GnuTLS recv error (-54): Error in the pull function.",
          "fatal: the remote end hung up unexpectedly",
          "fatal: early EOF",
          "fatal: index-pack failed",
          "",
          "The command \"git fetch --unshallow --tags\" failed. Retrying, 2 of 3.",
          "",
          "remote: Enumerating objects: 1523, done.",
          "Receiving objects: 100% (1523/1523), 2.10 MiB | 5.31 MiB/s, done.",
          "Resolving deltas: 100% (812/812), done."),
      List.of(
          "Collecting requests==2.31.0",
          "  WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection"
              + " broken by 'ReadTimeoutError(\"HTTPSConnectionPool(host='pypi.org', port=443): Read timed out."
              + " (read timeout=15)\")': /simple/requests/",
          "  Downloading requests-2.31.0-py3-none-any.whl (62 kB)",
          "Successfully installed requests-2.31.0"),
      List.of(
          "curl: (28) Failed to connect to get.example.com port 443 after 130007 ms: Connection timed out",
          "Warning: Problem : timeout. Will retry in 1 seconds. 3 retries left.",
          "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current",
          "100 21234  100 21234    0     0  98123      0 --:--:-- --:--:-- --:--:-- 98123"),
      List.of(
          "Step 1/9 : FROM eclipse-temurin:17-jdk",
          "17-jdk: Pulling from library/eclipse-temurin",
          "4f4fb700ef54: Pulling fs layer",
          "a1b2c3d4e5f6: Retrying in 5 seconds",
          "a1b2c3d4e5f6: Retrying in 4 seconds",
          "a1b2c3d4e5f6: Downloading  12.1MB/45.3MB",
          "a1b2c3d4e5f6: Download complete",
          "Status: Downloaded newer image for eclipse-temurin:17-jdk"));
}
