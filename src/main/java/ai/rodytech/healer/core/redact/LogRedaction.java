package ai.rodytech.healer.core.redact;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Masks secrets in the operator's own log: every pattern layout of the logback configuration gets
 * {@code %msg} and {@code %ex} that redact (URLs with credentials, tokens, passwords; docs/redaction.md).
 * Done at start-up rather than with conversion rules in logback.xml, because build plugins that read
 * target/classes load that file too, without our classes, and would print errors on every build.
 */
public final class LogRedaction {
  private static final List<String> MESSAGE_WORDS = List.of("m", "msg", "message");
  private static final List<String> THROWABLE_WORDS = List.of("ex", "exception", "throwable");

  private LogRedaction() {}

  /** Installs the redacting converters in every pattern layout of the current logback context. */
  public static void install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
            && appender.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder
            && encoder.getLayout() instanceof PatternLayout layout) {
          redacting(layout);
        }
      }
    }
  }

  private static void redacting(PatternLayout layout) {
    Map<String, Supplier<DynamicConverter>> converters = layout.getInstanceConverterMap();
    MESSAGE_WORDS.forEach(word -> converters.put(word, RedactedMessageConverter::new));
    THROWABLE_WORDS.forEach(word -> converters.put(word, RedactedThrowableConverter::new));
    // The pattern is compiled on start: restart so that it picks the converters up.
    layout.stop();
    layout.start();
  }
}
