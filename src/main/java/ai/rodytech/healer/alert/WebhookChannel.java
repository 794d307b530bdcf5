package ai.rodytech.healer.alert;

import java.net.URI;

/** A generic JSON webhook: it receives the whole alert, one field per record component. */
final class WebhookChannel implements AlertChannel {

  static final String KEY = "webhook";

  @Override
  public String deliveryKey(Alert alert) {
    return KEY;
  }

  @Override
  public OutboundRequest request(Alert redacted, SecretValues secrets) throws UnsendableAlertException {
    URI url = secrets.requireUrl(SecretValues.WEBHOOK_URL, KEY);
    return new OutboundRequest(url, AlertJson.write(redacted), SecretValues.describe(url));
  }
}
