package dev.userfunctions.benchmarks;

import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the sections that start Lambda environments share: the functions' REST events, the
 * check that a measured answer was a 200, and how runs are listed.
 */
final class FirstAnswers {

    private FirstAnswers() {
    }

    /**
     * The API Gateway REST event of {@code module}'s tests, for the user {@code name}.
     */
    static String restEvent(Path root, String module, String name) throws IOException {
        return Files.readString(root.resolve("functions/" + module + "/src/test/resources/events/rest-api-v1.json"))
            .replace("NAME", name);
    }

    /**
     * {@code invocation}, which must have answered 200: a failed first answer measures
     * nothing.
     */
    static Invocation answered200(Invocation invocation, String what) {
        if (!invocation.response().contains("\"statusCode\":200")) {
            throw new IllegalStateException(what + " answered " + invocation.response());
        }
        return invocation;
    }

    /**
     * Launch → first answer of {@code environment}, which must answer {@code event} with
     * a 200: the init phase, then that invocation as Lambda times it, in milliseconds.
     */
    static double firstAnswerMillis(LambdaEnvironment environment, String event, String what) {
        double init = environment.awaitInit().toNanos() / 1e6;
        Invocation first = answered200(environment.invoke(event), what);
        return init + first.duration().toNanos() / 1e6;
    }

    /** Each run's milliseconds, as the tables list them. */
    static String runs(List<Double> millis) {
        return millis.stream().map(value -> "%.0f".formatted(value)).toList().toString();
    }

}
