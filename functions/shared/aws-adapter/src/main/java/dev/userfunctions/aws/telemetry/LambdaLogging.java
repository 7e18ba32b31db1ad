package dev.userfunctions.aws.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.userfunctions.users.config.InvalidSettingException;
import dev.userfunctions.users.config.ProcessSettings;
import dev.userfunctions.users.config.SettingSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Objects;

/**
 * JSON log lines on a Lambda, one per event on standard output, where Lambda passes them
 * to CloudWatch as they are: Spring Boot's structured-logging formatters (Elastic Common
 * Schema by default; {@code LOGGING_STRUCTURED_FORMAT_CONSOLE} picks {@code logstash} or
 * {@code gelf}) as a Logback encoder, with the invocation's {@code requestId} (MDC) in
 * each line logged during one ({@link InvocationTelemetry}). Boot's logging system is not
 * started for it (no application context runs on Lambda); the encoder reads the process's
 * environment when it writes its first line. Levels: INFO, the MongoDB driver WARN (one
 * line per connection and per server state change otherwise), and {@code LOGGING_LEVEL_*}
 * as on the local server.
 */
public final class LambdaLogging {

    private static final String FORMAT_PROPERTY = "logging.structured.format.console";

    private static final String DEFAULT_FORMAT = "ecs";

    /** The structured formats Boot writes. */
    private static final List<String> FORMATS = List.of("ecs", "logstash", "gelf");

    private static final Map<String, String> DEFAULT_LEVELS = Map.of(Logger.ROOT_LOGGER_NAME, "INFO",
            "org.mongodb.driver", "WARN");

    private LambdaLogging() {
    }

    /**
     * The process's environment, and the process id the ECS formatter writes (a Spring
     * application adds it, as {@code spring.application.pid}).
     */
    private static Environment environmentWithPid() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources()
            .addLast(new MapPropertySource("applicationInfo",
                    Map.of("spring.application.pid", ProcessHandle.current().pid())));
        return environment;
    }

    /**
     * Configures Logback for the function's lines: JSON, the levels from the defaults and
     * the settings.
     */
    public static void configure(ProcessSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        // Checked before the reset: a refused value is then logged as the others are.
        String format = Objects.requireNonNullElse(settings.text(FORMAT_PROPERTY), DEFAULT_FORMAT);
        if (!FORMATS.contains(format)) {
            throw new InvalidSettingException("LOGGING_STRUCTURED_FORMAT_CONSOLE", format, String.join(", ", FORMATS));
        }
        Map<String, Level> levels = new LinkedHashMap<>();
        DEFAULT_LEVELS.forEach((logger, level) -> levels.put(logger, Level.toLevel(level)));
        settings.under("logging.level").forEach((logger, level) -> levels.put(logger, level(logger, level)));
        context.reset();
        FirstLineEncoder encoder = new FirstLineEncoder(() -> {
            context.putObject(Environment.class.getName(), environmentWithPid());
            StructuredLogEncoder structured = new StructuredLogEncoder();
            structured.setContext(context);
            structured.setFormat(format);
            structured.setCharset(StandardCharsets.UTF_8);
            structured.start();
            return structured;
        });
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("lambda");
        console.setEncoder(encoder);
        console.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console);
        levels.forEach((logger, level) -> context.getLogger(logger).setLevel(level));
    }

    /** A level as Boot reads it: its names in any case, {@code false} for OFF. */
    private static Level level(String logger, String value) {
        String name = value.equalsIgnoreCase("false") ? "OFF" : value.equalsIgnoreCase("fatal") ? "ERROR" : value;
        Level level = Level.toLevel(name, null);
        if (level == null) {
            throw new InvalidSettingException(SettingSource.variableOf("logging.level." + logger), value,
                    "TRACE, DEBUG, INFO, WARN, ERROR, FATAL or OFF");
        }
        return level;
    }

    /**
     * Boot's structured encoder, built when the first line is written: its formatter
     * (Boot's JSON writer, environment, binder and conversions) costs a new environment a
     * fifth of a second at Lambda's CPU share (docs/BENCHMARKS.md section 5), which a
     * healthy start, which logs nothing, does not pay.
     */
    static final class FirstLineEncoder extends EncoderBase<ILoggingEvent> {

        private final Supplier<StructuredLogEncoder> factory;

        private StructuredLogEncoder encoder;

        FirstLineEncoder(Supplier<StructuredLogEncoder> factory) {
            this.factory = factory;
        }

        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            return encoder().encode(event);
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }

        /**
         * Appenders encode outside their lock: several threads may write a first line.
         */
        private synchronized StructuredLogEncoder encoder() {
            if (encoder == null) {
                encoder = factory.get();
            }
            return encoder;
        }

    }

}
