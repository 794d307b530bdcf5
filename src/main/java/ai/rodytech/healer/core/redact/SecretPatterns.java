package ai.rodytech.healer.core.redact;

import java.util.List;
import java.util.Locale;

/**
 * The catalogue of secret shapes. Provider token formats come first (they are certain on their own); the
 * rules that rely on context (a key name, an Authorization header, a URL's user-info) come after. PEM private
 * keys span lines and are found by {@link PemBlocks} instead.
 */
final class SecretPatterns {
  static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String KEY_CHARS = ALNUM + "_.-";

  /** A quoted or bare value after a key; each form in its own group so quotes stay outside the mask. */
  static final String VALUE =
      "(?:\\\\\"(?<vesc>[^\"\\\\\\r\\n]{1,4096}+)\\\\\""
          + "|\"(?<vdq>[^\"\\\\\\r\\n]{0,4096}+(?:\\\\[^\\r\\n][^\"\\\\\\r\\n]{0,4096}+){0,64}+)\""
          + "|'(?<vsq>[^'\\r\\n]{1,4096}+)'"
          + "|(?<vbare>[^\\s\"'`,;&|)}\\]<>\\\\]{1,4096}+))";

  static final List<String> VALUE_GROUPS = List.of("vesc", "vdq", "vsq", "vbare");

  /** Optional quotes around a key or value, also JSON-in-a-string ones: \"key\". */
  private static final String QUOTE = "(?:\\\\?[\"'])?";

  /** An identifier-like key name; not the user of a URL's user-info (scheme://user:...). */
  private static final String KEY =
      "(?<![A-Za-z0-9_.\\-\\\\/])" + QUOTE + "(?<label>[A-Za-z_\\-][A-Za-z0-9_.\\-]{0,63}+)" + QUOTE;

  static final List<SecretPattern> ALL =
      List.of(
          SecretPattern.fixed(
              SecretKind.AWS_ACCESS_KEY_ID,
              "(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}+"
                  + "(?![A-Z0-9])",
              // One pass for "A" is cheaper than thirteen passes, one per prefix.
              "A"),
          SecretPattern.fixed(
              SecretKind.GCP_API_KEY, "(?<![A-Za-z0-9_\\-])AIza[0-9A-Za-z_\\-]{35}+(?![0-9A-Za-z_\\-])", "AIza"),
          SecretPattern.fixed(
              SecretKind.GCP_OAUTH_SECRET,
              "(?<![A-Za-z0-9_\\-])GOCSPX-[0-9A-Za-z_\\-]{28}+(?![0-9A-Za-z_\\-])",
              "GOCSPX-"),
          SecretPattern.fixed(
              SecretKind.GCP_ACCESS_TOKEN, "(?<![A-Za-z0-9_\\-])ya29\\.[0-9A-Za-z_\\-]{20,4096}+", "ya29."),
          SecretPattern.value(
                  SecretKind.AZURE_STORAGE_KEY,
                  "(?<![A-Za-z0-9])(?i:AccountKey)=(?<value>[A-Za-z0-9+/]{20,256}+={0,2}+)",
                  "accountkey=")
              .ignoringCase(),
          SecretPattern.value(
                  SecretKind.AZURE_CONNECTION_STRING,
                  "(?<![A-Za-z0-9])(?i:SharedAccessKey)=(?<value>[A-Za-z0-9+/]{20,256}+={0,2}+)",
                  "sharedaccesskey=")
              .ignoringCase(),
          SecretPattern.value(
              SecretKind.AZURE_SAS_SIGNATURE, "(?<![A-Za-z0-9_.\\-])sig=(?<value>[A-Za-z0-9%+/=]{16,512}+)", "sig="),
          // Entra ID client secrets carry "<digit>Q~" after three characters.
          SecretPattern.fixed(
                  SecretKind.AZURE_CLIENT_SECRET,
                  "(?<![A-Za-z0-9_~.\\-])[A-Za-z0-9_~.\\-]{3}[0-9]Q~[A-Za-z0-9_~.\\-]{31,34}+(?![A-Za-z0-9_~.\\-])",
                  "Q~")
              .reachingBackOver(KEY_CHARS + "~"),
          SecretPattern.fixed(
              SecretKind.GITHUB_TOKEN,
              "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}+|github_pat_[A-Za-z0-9_]{22,255}+)",
              "gh", "github_pat_"),
          SecretPattern.fixed(
              SecretKind.GITLAB_TOKEN,
              "(?<![A-Za-z0-9_\\-])gl(?:pat|dt|rt|ptt|cbt|ft|oas|soat|imt)-[A-Za-z0-9_\\-]{20,255}+",
              "gl"),
          SecretPattern.fixed(
              SecretKind.SLACK_TOKEN,
              "(?<![A-Za-z0-9_\\-])xox[abprse]-[A-Za-z0-9\\-]{10,250}+",
              "xox"),
          SecretPattern.value(
              SecretKind.SLACK_WEBHOOK,
              "hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<value>[A-Za-z0-9_/+\\-]{8,300}+)",
              "hooks.slack.com/"),
          SecretPattern.fixed(SecretKind.NPM_TOKEN, "(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}+(?![A-Za-z0-9])", "npm_"),
          SecretPattern.fixed(SecretKind.PYPI_TOKEN, "(?<![A-Za-z0-9_\\-])pypi-Ag[A-Za-z0-9_\\-]{50,1000}+", "pypi-Ag"),
          SecretPattern.fixed(
              SecretKind.JWT,
              "(?<![A-Za-z0-9_\\-])eyJ[A-Za-z0-9_\\-]{5,8192}+\\.eyJ[A-Za-z0-9_\\-]{5,65536}+\\.[A-Za-z0-9_\\-]{0,8192}+",
              "eyJ"),
          // scheme://user:password@host: the password goes, the user and host stay. The password may hold '@'
          // itself: it runs to the last '@' before the host (greedy, but at most 256 characters to give back).
          SecretPattern.value(
                  SecretKind.URL_CREDENTIALS,
                  "(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,20}+://[^\\s:/?#@'\"\\[\\]]{0,256}+"
                      + ":(?<value>[^\\s/?#'\"]{1,256})@",
                  "://")
              .reachingBackOver(ALNUM + "+.-"),
          SecretPattern.labelled(
                  "(?i)(?<![A-Za-z0-9_])authorization\\\\?[\"']?[ \\t]*+[:=][ \\t]*+\\\\?[\"']?"
                      + "(?:(?<label>bearer|basic|token|bot|digest|negotiate|apikey)[ \\t]++)?"
                      + "(?<value>[^\\s\"'\\\\,;]{1,4096}+)",
                  SecretPatterns::authorizationKind,
                  List.of("value"))
              .anchoredAt("authorization")
              .ignoringCase(),
          SecretPattern.value(
                  SecretKind.BEARER_TOKEN,
                  "(?i)(?<![A-Za-z0-9_\\-])bearer[ \\t]++(?<value>[A-Za-z0-9._~+/\\-]{16,4096}+=*+)",
                  "bearer")
              .ignoringCase(),
          // key=value, key: value, "key": "value", key => value, --key=value. Anchored at the words that
          // SecretNames looks for at the end of a name.
          SecretPattern.labelled(
                  KEY + "[ \\t]*+(?::=|=>|[:=])[ \\t]*+" + VALUE, SecretPatterns::namedKind, VALUE_GROUPS)
              .anchoredAt("pass", "secret", "token", "auth", "key", "signature", "credential", "pwd", "cookie")
              .ignoringCase()
              .reachingBackOver(KEY_CHARS + "\"'\\"),
          // --password value
          SecretPattern.labelled(
                  "(?<![A-Za-z0-9_\\-])(?<label>--[A-Za-z][A-Za-z0-9\\-]{0,63}+)[ \\t]++(?!-)" + VALUE,
                  SecretPatterns::namedKind,
                  VALUE_GROUPS)
              .anchoredAt("--"),
          // Kubernetes env entries: "- name: DB_PASSWORD" then "value: ..." (YAML), or {"name":..,"value":..}.
          SecretPattern.labelled(
                  "(?<![A-Za-z0-9_])" + QUOTE + "name" + QUOTE + "[ \\t]*+:[ \\t]*+" + QUOTE
                      + "(?<label>[A-Za-z_][A-Za-z0-9_.\\-]{0,127}+)" + QUOTE
                      + "[ \\t]*+,?[ \\t]*+(?:\\r?\\n[ \\t]*+)?"
                      + QUOTE + "value" + QUOTE + "[ \\t]*+:[ \\t]*+"
                      + VALUE,
                  name -> SecretNames.isSecret(name) ? SecretKind.SECRET_ENV : null,
                  VALUE_GROUPS)
              .anchoredAt("name")
              .reachingBackOver("\"'\\"));

  private SecretPatterns() {}

  private static SecretKind authorizationKind(String scheme) {
    if (scheme == null) {
      return SecretKind.AUTHORIZATION;
    }
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "bearer" -> SecretKind.BEARER_TOKEN;
      case "basic" -> SecretKind.BASIC_AUTH;
      default -> SecretKind.AUTHORIZATION;
    };
  }

  static SecretKind namedKind(String name) {
    if (!SecretNames.isSecret(name)) {
      return null;
    }
    if (SecretNames.endsWithWords(name, "secret", "access", "key")) {
      return SecretKind.AWS_SECRET_KEY;
    }
    return SecretNames.isEnvStyle(name) ? SecretKind.SECRET_ENV : SecretKind.SECRET_ASSIGNMENT;
  }
}
