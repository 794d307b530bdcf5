package ai.rodytech.healer.alert;

import ai.rodytech.healer.api.AlertSettings;

/** A place an alert is posted to, and the body it gets there. */
sealed interface AlertChannel permits SlackChannel, PagerDutyChannel, WebhookChannel {

  /** What the caller records once this alert reached this channel, e.g. {@code slack} or {@code pagerduty}. */
  String deliveryKey(Alert alert);

  /**
   * The request for an alert that has already been redacted.
   *
   * @throws UnsendableAlertException when the Secret lacks what this channel needs
   */
  OutboundRequest request(Alert redacted, SecretValues secrets) throws UnsendableAlertException;

  static AlertChannel of(AlertSettings.Channel channel) {
    return switch (channel) {
      case SLACK -> new SlackChannel();
      case PAGERDUTY -> new PagerDutyChannel();
      case WEBHOOK -> new WebhookChannel();
    };
  }
}
