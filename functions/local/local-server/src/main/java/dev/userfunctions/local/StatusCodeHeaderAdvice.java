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

/**
 * Spring Cloud Function web answers 200 and copies the result message's headers into the
 * HTTP response, lower-casing their names. This turns the functions' {@code statusCode}
 * header into the HTTP status (as the AWS adapter does for API Gateway) and restores the
 * documented spelling of {@code X-Cache}; the other internal message headers are kept out
 * by SCF itself, through {@code spring.cloud.function.http.ignored-headers} in
 * application.yaml. {@code ScfWebBehaviourTest} fails when an upgrade changes this.
 */
@ControllerAdvice
class StatusCodeHeaderAdvice implements ResponseBodyAdvice<Object> {

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
            headers.remove(Answers.STATUS_HEADER);
            try {
                response.setStatusCode(HttpStatusCode.valueOf(Integer.parseInt(status)));
            }
            catch (IllegalArgumentException e) {
                response.setStatusCode(HttpStatusCode.valueOf(500));
            }
        }
        String cacheOutcome = headers.getFirst(Answers.CACHE_HEADER);
        if (cacheOutcome != null) {
            headers.remove(Answers.CACHE_HEADER);
            headers.set(Answers.CACHE_HEADER, cacheOutcome);
        }
        return body;
    }

}
