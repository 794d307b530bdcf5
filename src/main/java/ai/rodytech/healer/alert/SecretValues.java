package ai.rodytech.healer.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The alert Secret's data as the operator read it (decoded), by key. It knows every value so it can mask them in
 * any message: a webhook URL is as secret as a routing key.
 */
final class SecretValues {

  static final String SLACK_WEBHOOK_URL = "slack-webhook-url";
  static final String PAGERDUTY_ROUTING_KEY = "pagerduty-routing-key";
  static final String PAGERDUTY_EVENTS_URL = "pagerduty-events-url";
  static final String WEBHOOK_URL = "webhook-url";

  static final String MASK = "****";

  // Shorter fragments are too common in ordinary text to mask without garbling it, and too short to be secrets.
  private static final int SHORTEST_MASKED = 4;
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

  private final Map<String, String> values = new HashMap<>();
  private final List<String> masked;

  SecretValues(Map<String, String> data) {
    List<String> fragments = new ArrayList<>();
    if (data != null) {
      data.forEach(
          (key, value) -> {
            if (key != null && value != null) {
              values.put(key, value.trim());
              fragments.add(value);
              fragments.add(value.trim());
              fragments.addAll(urlParts(value.trim()));
            }
          });
    }
    // Longest first, so a whole URL is masked before its path could leave the host behind half-masked.
    masked =
        fragments.stream()
            .filter(f -> f.length() >= SHORTEST_MASKED)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  /** The value under key, or a reason naming the key and the channel that needs it. */
  String require(String key, String channel) throws UnsendableAlertException {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new UnsendableAlertException(
          "the alert Secret has no '" + key + "' key, which the " + channel + " channel needs");
    }
    return value;
  }

  URI requireUrl(String key, String channel) throws UnsendableAlertException {
    return toUrl(key, require(key, channel), channel);
  }

  URI optionalUrl(String key, String fallback, String channel) throws UnsendableAlertException {
    String value = values.get(key);
    return value == null || value.isEmpty() ? URI.create(fallback) : toUrl(key, value, channel);
  }

  /** The text with every secret value, and every secret URL's path, query and user info, replaced by ****. */
  String mask(String text) {
    if (text == null) {
      return "";
    }
    String result = text;
    for (String fragment : masked) {
      result = result.replace(fragment, MASK);
    }
    return result;
  }

  /** How a message may name an endpoint: its scheme, host and port, never the path that is often the secret. */
  static String describe(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port;
  }

  private static URI toUrl(String key, String value, String channel) throws UnsendableAlertException {
    URI uri = null;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      // the message would quote the value; the reason below says what is wrong without it
    }
    String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new UnsendableAlertException(
          "the alert Secret's '" + key + "' (for the " + channel + " channel) is not an absolute http(s) URL"
              + (looksBase64Encoded(value) ? "; it looks base64-encoded, the value must be the decoded URL" : ""));
    }
    return uri;
  }

  private static boolean looksBase64Encoded(String value) {
    if (value.length() % 4 != 0 || !BASE64.matcher(value).matches()) {
      return false;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      return decoded.startsWith("http");
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private static List<String> urlParts(String value) {
    try {
      URI uri = new URI(value);
      List<String> parts = new ArrayList<>();
      for (String part : new String[] {
        uri.getRawPath(), uri.getPath(), uri.getRawQuery(), uri.getQuery(), uri.getRawUserInfo(), uri.getUserInfo()
      }) {
        if (part != null && !part.equals("/")) {
          parts.add(part);
        }
      }
      return parts;
    } catch (URISyntaxException notAUrl) {
      return List.of();
    }
  }
}
