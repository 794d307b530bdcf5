package ai.rodytech.healer.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent an alert is; the wire names are PagerDuty's Events API v2 severities. */
public enum Severity {
  CRITICAL,
  ERROR,
  WARNING,
  INFO;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
