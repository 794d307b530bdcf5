package ai.rodytech.healer.core.redact;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The operator's own log lines, through the layout of the real logback.xml, once LogRedaction is installed. */
class LogRedactionTest {

  @Test
  void messagesAndStackTracesAreMasked() {
    LogRedaction.install();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> stderr = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR");
    LayoutWrappingEncoder<ILoggingEvent> encoder = (LayoutWrappingEncoder<ILoggingEvent>) stderr.getEncoder();
    LoggingEvent event = new LoggingEvent(
        Logger.class.getName(), root, Level.WARN,
        "Alert not delivered to {}: POST failed",
        new IllegalStateException("401 from https://ci:Hunter2Hunter2@hooks.example.com/x?token=abcdef0123456789"),
        new Object[] {"https://deploy:s3cr3t-Pa55@git.example.com/app"});

    String line = encoder.getLayout().doLayout(event);

    assertThat(line)
        .contains("Alert not delivered to https://deploy:[REDACTED:url-credentials]@git.example.com/app")
        .contains("IllegalStateException: 401 from https://ci:[REDACTED:url-credentials]@hooks.example.com")
        .doesNotContain("s3cr3t-Pa55").doesNotContain("Hunter2Hunter2").doesNotContain("abcdef0123456789");
  }
}
