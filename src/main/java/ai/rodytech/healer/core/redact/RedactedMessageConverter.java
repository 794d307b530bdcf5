package ai.rodytech.healer.core.redact;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %msg} with secrets masked (installed by {@link LogRedaction}): the operator's own log
 * lines name URLs, Secrets and settings, and a credential in any of them must not reach the log.
 */
public final class RedactedMessageConverter extends MessageConverter {
  private static final Redactor REDACTOR = new SecretRedactor();

  @Override
  public String convert(ILoggingEvent event) {
    return REDACTOR.redact(super.convert(event));
  }
}
