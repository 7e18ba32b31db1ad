package dev.userfunctions.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What the server says about itself (what it started, where it listens). On a plain
 * console these are the bare lines the README shows; when structured logging is asked for
 * ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}, or {@code logstash}, {@code gelf}) they
 * are log events like every other line, those from before the logging system starts (the
 * embedded default comes up first) held until it has.
 */
final class ConsoleMessages {

    private static final Logger log = LoggerFactory.getLogger(ConsoleMessages.class);

    private static final List<String> held = new ArrayList<>();

    private ConsoleMessages() {
    }

    static synchronized void say(String message) {
        if (!structured()) {
            System.out.println(message);
        }
        else {
            held.add(message);
        }
    }

    /** Once logging is set up: logs the held messages, then {@code message}. */
    static synchronized void sayOnceLoggingIsUp(String message) {
        if (!structured()) {
            System.out.println(message);
            return;
        }
        held.forEach(log::info);
        held.clear();
        log.info(message);
    }

    private static boolean structured() {
        String format = System.getProperty("logging.structured.format.console",
                System.getenv().getOrDefault("LOGGING_STRUCTURED_FORMAT_CONSOLE", ""));
        return !format.isBlank();
    }

}
