package dev.userfunctions.local;

import dev.userfunctions.answers.Answer;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.util.Locale;
import java.util.Set;

/**
 * Renders an {@link Answer} through Spring Cloud Function web, in its two halves. A
 * function gives SCF the answer as a message ({@link #message}): the body as payload, the
 * status in the {@code statusCode} header, what the cache did in {@code X-Cache}. SCF web
 * answers 200 and copies the message's headers into the HTTP response, lower-casing their
 * names; this advice then turns {@code statusCode} into the HTTP status and restores the
 * documented spelling of {@code X-Cache}. SCF web also copies the request's headers into
 * the answer (credentials, cookies and hop-by-hop headers included, but for a fixed few
 * it removes): the advice keeps only the headers an answer carries by design,
 * {@link #ANSWER_HEADERS}, whatever the request sent. {@code ScfWebBehaviourTest} fails
 * when an upgrade changes SCF's part of this.
 */
@ControllerAdvice
public class ScfWebAnswers implements ResponseBodyAdvice<Object> {

    static final String STATUS_HEADER = "statusCode";

    /**
     * The headers an answer may carry from the function's side: its content type, what
     * the cache did, and on a 405 the method to use (the server adds what HTTP itself
     * needs, such as the length or chunking, when it writes the answer).
     */
    static final Set<String> ANSWER_HEADERS = Set.of(HttpHeaders.CONTENT_TYPE.toLowerCase(Locale.ROOT),
            Answer.CACHE_HEADER.toLowerCase(Locale.ROOT), HttpHeaders.ALLOW.toLowerCase(Locale.ROOT));

    /** The answer as the message a function hands SCF web. */
    public static Message<Object> message(Answer answer) {
        MessageBuilder<Object> message = MessageBuilder.withPayload(answer.body())
            .setHeader(STATUS_HEADER, answer.status())
            .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE);
        answer.cacheOutcome().ifPresent(outcome -> message.setHeader(Answer.CACHE_HEADER, outcome.name()));
        return message.build();
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        HttpHeaders headers = response.getHeaders();
        String status = headers.getFirst(STATUS_HEADER);
        if (status == null) {
            // Not a function's answer (an error page, the actuator): left as it is.
            return body;
        }
        try {
            response.setStatusCode(HttpStatusCode.valueOf(Integer.parseInt(status)));
        }
        catch (IllegalArgumentException e) {
            response.setStatusCode(HttpStatusCode.valueOf(500));
        }
        String cacheOutcome = headers.getFirst(Answer.CACHE_HEADER);
        Set.copyOf(headers.headerNames())
            .stream()
            .filter(name -> !ANSWER_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
            .forEach(headers::remove);
        if (cacheOutcome != null) {
            headers.remove(Answer.CACHE_HEADER);
            headers.set(Answer.CACHE_HEADER, cacheOutcome);
        }
        return body;
    }

}
