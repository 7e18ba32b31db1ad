package dev.userfunctions.local;

import dev.userfunctions.answers.Answers;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.util.List;
import java.util.Set;

/**
 * Spring Cloud Function web answers 200 and copies the result message's headers into the
 * HTTP response. This turns the functions' {@code statusCode} header into the HTTP status
 * (as the AWS adapter does for API Gateway) and keeps internal message headers from
 * reaching clients.
 */
@ControllerAdvice
class StatusCodeHeaderAdvice implements ResponseBodyAdvice<Object> {

    private static final Set<String> INTERNAL_HEADERS = Set.of(Answers.STATUS_HEADER, "contentType", "id", "timestamp",
            "uri", "user-agent", "accept", "host", "connection", "http_request_param", "scf-func-name");

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        HttpHeaders headers = response.getHeaders();
        String status = headers.getFirst(Answers.STATUS_HEADER);
        if (status != null) {
            try {
                response.setStatusCode(HttpStatusCode.valueOf(Integer.parseInt(status)));
            }
            catch (IllegalArgumentException e) {
                response.setStatusCode(HttpStatusCode.valueOf(500));
            }
        }
        String cacheOutcome = headers.getFirst(Answers.CACHE_HEADER);
        if (cacheOutcome != null) {
            // SCF lower-cases message header names; restore the documented spelling.
            headers.remove(Answers.CACHE_HEADER);
            headers.set(Answers.CACHE_HEADER, cacheOutcome);
        }
        List.copyOf(headers.headerNames())
            .stream()
            .filter(name -> INTERNAL_HEADERS.stream().anyMatch(internal -> internal.equalsIgnoreCase(name)))
            .forEach(headers::remove);
        return body;
    }

}
