package dev.userfunctions.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A catalog of the functions' answers (request, status, headers, body), compared byte for
 * byte with the one committed beside the test: a change to what callers receive shows in
 * the catalog's diff. The run's catalog is written to {@code target/} first;
 * {@code -Danswer.catalog.update=true} writes it over the committed one.
 */
public final class AnswerCatalog {

    private static final String UPDATE_PROPERTY = "answer.catalog.update";

    private final List<String> entries = new ArrayList<>();

    private final UnaryOperator<String> normalizer;

    /**
     * @param normalizer replaces what differs from run to run (timings, generated ids)
     * with placeholders
     */
    public AnswerCatalog(UnaryOperator<String> normalizer) {
        this.normalizer = normalizer;
    }

    /**
     * One answer: what was asked, and everything the caller received, one part per line.
     */
    public void add(String request, String answer) {
        entries.add("### " + request + "\n" + normalizer.apply(answer).stripTrailing() + "\n");
    }

    /**
     * The catalog as text, written to {@code target/answer-catalog/<name>} and compared
     * with {@code src/test/resources/answer-catalog/<name>}; the differences, or an empty
     * string.
     */
    public String differencesFromCommitted(String name) {
        String text = String.join("\n", entries);
        Path committed = Path.of("src/test/resources/answer-catalog", name);
        write(Path.of("target/answer-catalog", name), text);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(committed, text);
        }
        String expected = read(committed);
        return expected.equals(text) ? ""
                : "The answers differ from " + committed + " (this run's: target/answer-catalog/" + name
                        + "; diff them, and if the change is intended run with -D" + UPDATE_PROPERTY + "=true)";
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
