package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/**
 * Alert channels of a policy. URLs and keys are never inline: they are read from a Secret in the policy's
 * namespace, under fixed keys (see docs/alerts.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertSettings {

  /** An alert channel. */
  public enum Channel {
    @JsonProperty("slack")
    SLACK,
    @JsonProperty("pagerduty")
    PAGERDUTY,
    @JsonProperty("webhook")
    WEBHOOK
  }

  @Required
  @Pattern(PolicyValidator.DNS_SUBDOMAIN_REGEX)
  @JsonPropertyDescription(
      "Name of a Secret in the policy's namespace holding the channels' addresses: slack-webhook-url,"
          + " pagerduty-routing-key (and optionally pagerduty-events-url), webhook-url. The operator reads only"
          + " Secrets that a policy names here.")
  private String secretName;

  @JsonPropertyDescription(
      "Channels to alert besides the Kubernetes Event and the incident record, which are always written.")
  private List<Channel> channels = new ArrayList<>();

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public List<Channel> getChannels() {
    return channels;
  }

  public void setChannels(List<Channel> channels) {
    this.channels = channels;
  }
}
