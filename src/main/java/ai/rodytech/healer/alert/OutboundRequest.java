package ai.rodytech.healer.alert;

import java.net.URI;

/**
 * One POST ready to go.
 *
 * @param uri where to, possibly a secret itself (a Slack webhook URL): never log it
 * @param body the JSON body, already redacted
 * @param target how messages name the endpoint: scheme, host and port only
 */
record OutboundRequest(URI uri, String body, String target) {

  @Override
  public String toString() {
    return "POST " + target;
  }
}
