package ai.rodytech.healer.core.redact;

import static ai.rodytech.healer.core.redact.SecretPatterns.VALUE;
import static ai.rodytech.healer.core.redact.SecretPatterns.VALUE_GROUPS;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Secrets known by what stands around them rather than by their own shape: password flags of the commands
 * that take one (docker login -p, mysql -pX, curl -u user:pw, sshpass -p, aws configure set), cookies,
 * passwords in connection strings, a token written as a URL's user, and a generated-looking value after a
 * secret word in prose. Like every pattern here, each quantifier is possessive or bounded.
 */
final class ContextSecrets {
  private static final String WORD_START = "(?<![A-Za-z0-9_\\-])";
  /** Up to 32 more arguments of the same command before the flag; each one whole, so at most 32 tries. */
  private static final String ARGUMENTS = "(?:[ \\t]++[^\\s]++){0,32}?[ \\t]++";

  static final List<SecretPattern> ALL =
      List.of(
          // docker/podman/... login -p PASSWORD (--password is a --key value flag, found in SecretPatterns).
          flagValue(
              "(?<=(?:docker|podman|buildah|nerdctl|skopeo|oras|crane|registry)[ \\t])login" + ARGUMENTS + "-p[ \\t]++",
              "login"),
          // sshpass -p PASSWORD or -pPASSWORD.
          flagValue(WORD_START + "sshpass[ \\t]++-p[ \\t]*+", "sshpass"),
          // mysql -pPASSWORD: the MySQL clients take the password attached to -p (-p alone prompts).
          flagValue(WORD_START + "(?:mysql|mariadb)[a-z\\-]{0,12}+" + ARGUMENTS + "-p", "mysql", "mariadb"),
          // curl -u user:password, --user user:password.
          SecretPattern.value(
              SecretKind.PASSWORD_FLAG,
              WORD_START + "curl" + ARGUMENTS + "(?:-u|--user)[ \\t]*+['\"]?[^\\s:'\"\\[\\]]{0,256}+:(?<value>[^\\s'\"]{1,1024}+)",
              "curl"),
          // aws configure set aws_secret_access_key VALUE (also az/gcloud-style "configure set <key> <value>").
          SecretPattern.labelled(
                  WORD_START + "configure[ \\t]++set[ \\t]++(?:[A-Za-z0-9_\\-]{1,64}+\\.)?"
                      + "(?<label>[A-Za-z0-9_\\-]{1,64}+)[ \\t]++" + VALUE,
                  SecretPatterns::namedKind,
                  VALUE_GROUPS)
              .anchoredAt("configure"),
          // Cookie: and Set-Cookie: headers, the whole value (every cookie of the header).
          SecretPattern.value(
                  SecretKind.COOKIE,
                  "(?i)" + WORD_START + "(?:set-)?cookie\\\\?[\"']?[ \\t]*+:[ \\t]*+\\\\?[\"']?"
                      + "(?<value>[^\\r\\n\"'\\\\]{1,8192}+)",
                  "cookie")
              .ignoringCase(),
          // ;Password=... and ;Pwd=... in ADO.NET/ODBC connection strings, up to the next ';' (spaces allowed).
          SecretPattern.value(
                  SecretKind.CONNECTION_STRING_PASSWORD,
                  "(?i)(?<=;)[ \\t]*+(?:password|pwd)[ \\t]*+=[ \\t]*+(?<value>[^;\"'\\r\\n]{1,1024}+)",
                  "pass", "pwd")
              .ignoringCase()
              .reachingBackOver(" \t"),
          // Pwd=...; at the start of a connection string (PWD=/home/... without a ';' is the shell's).
          SecretPattern.value(
                  SecretKind.CONNECTION_STRING_PASSWORD,
                  "(?i)(?<![A-Za-z0-9_$])pwd[ \\t]*+=[ \\t]*+(?<value>[^;\\s\"']{1,1024}+)(?=;)",
                  "pwd")
              .ignoringCase(),
          // scheme://TOKEN@host and scheme://TOKEN:x-oauth-basic@host: a generated-looking user is a token.
          SecretPattern.value(
                  SecretKind.URL_CREDENTIALS,
                  "(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,20}+://(?<value>[A-Za-z0-9_.~\\-]{20,256}+)"
                      + "(?::[^\\s/?#@'\"]{0,256}+)?@",
                  "://")
              .reachingBackOver(SecretPatterns.ALNUM + "+.-")
              .whereValue(ValueShapes::looksLikeToken),
          // "the password is Tr0ub4dor&3", "use token 4da7b9e0...", "your api key N4tK... was rotated".
          SecretPattern.value(
                  SecretKind.SECRET_IN_PROSE,
                  "(?i)" + WORD_START
                      + "(?:(?:api|access|secret|private|license|deploy|auth|signing|encryption|master)[ \\t_\\-]?key"
                      + "|password|passwd|passphrase|secret|token)"
                      + "(?:[ \\t]++(?:is|was|are|set[ \\t]++to|changed[ \\t]++to|to|of|as|reads|=|:|->|=>)){0,3}+"
                      + "[ \\t]++[\"'`]?(?<value>[^\\s\"'`,;()<>\\[\\]{}]{6,256}+)",
                  "pass", "secret", "token", "api", "access", "private", "license", "deploy", "auth", "signing",
                  "encryption", "master")
              .ignoringCase()
              .whereValue(ValueShapes::looksLikeSecret));

  private ContextSecrets() {}

  /** The value (bare or quoted) right after what the regex matched, e.g. a -p flag. */
  private static SecretPattern flagValue(String regex, String... anchors) {
    return new SecretPattern(
        Pattern.compile(regex + VALUE), List.of(anchors), false, "", null, label -> SecretKind.PASSWORD_FLAG,
        VALUE_GROUPS, value -> true);
  }
}
