package ai.rodytech.healer.core.redact;

import static ai.rodytech.healer.core.redact.SecretPatterns.VALUE;
import static ai.rodytech.healer.core.redact.SecretPatterns.VALUE_GROUPS;

import java.util.List;

/**
 * Secrets known by what stands around them rather than by their own shape: {@code aws configure set
 * <secret key> <value>}, cookies, passwords in connection strings, a token written as a URL's user, and a
 * generated-looking value after a secret word in prose. Password flags of other commands are found by
 * {@link CommandPasswords}. Like every pattern here, each quantifier is possessive or bounded.
 */
final class ContextSecrets {
  private static final String WORD_START = "(?<![A-Za-z0-9_\\-])";

  static final List<SecretPattern> ALL =
      List.of(
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
          // Pwd=... anywhere else; the shell's PWD holds a path (/home/..., ~, $HOME), which stays.
          SecretPattern.value(
                  SecretKind.CONNECTION_STRING_PASSWORD,
                  "(?i)(?<![A-Za-z0-9_$])pwd[ \\t]*+=[ \\t]*+(?<value>[^;\\s\"'/~$][^;\\s\"']{0,255}+)",
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
}
