package ai.rodytech.healer.core.redact;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Logback's {@code %ex} with secrets masked (installed by {@link LogRedaction}): exception messages quote
 * URLs (a failed call to a webhook, a provider with user:password in its base URL) and server answers.
 */
public final class RedactedThrowableConverter extends ThrowableProxyConverter {
  private static final Redactor REDACTOR = new SecretRedactor();

  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return REDACTOR.redact(super.throwableProxyToString(proxy));
  }
}
