package org.spira.pipeline.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The warnings logged (through SLF4J to Log4j 2) by one class's logger while open. */
final class CapturedWarnings extends AbstractAppender implements AutoCloseable {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final String logger;

    private CapturedWarnings(String logger) {
        super("captured-" + logger, null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    /** Starts capturing what {@code source}'s logger writes at WARN and above. */
    static CapturedWarnings of(Class<?> source) {
        CapturedWarnings captured = new CapturedWarnings(source.getName());
        captured.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        LoggerConfig own = new LoggerConfig(captured.logger, Level.WARN, true);
        own.addAppender(captured, Level.WARN, null);
        configuration.addLogger(captured.logger, own);
        context.updateLoggers();
        return captured;
    }

    @Override
    public void append(LogEvent event) {
        messages.add(event.getMessage().getFormattedMessage());
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(logger);
        context.updateLoggers();
        stop();
    }
}
