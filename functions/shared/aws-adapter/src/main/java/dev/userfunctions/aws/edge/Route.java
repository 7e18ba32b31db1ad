package dev.userfunctions.aws.edge;

import dev.userfunctions.answers.Answer;

import java.util.function.Function;

/**
 * What one function answers on Lambda: the HTTP method it serves (any other is a 405) and
 * how it turns a request into its {@link Answer}.
 *
 * @param method {@code GET} or {@code POST}
 * @param function the request's input to the function's answer
 */
public record Route(String method, Function<EdgeRequest, Answer> function) {

    public static Route get(Function<EdgeRequest, Answer> function) {
        return new Route("GET", function);
    }

    public static Route post(Function<EdgeRequest, Answer> function) {
        return new Route("POST", function);
    }

}
