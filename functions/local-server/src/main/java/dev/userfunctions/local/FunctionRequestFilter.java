package dev.userfunctions.local;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.cloud.function.web.constants.WebRequestConstants;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Two adjustments between HTTP and Spring Cloud Function web:
 * <ul>
 * <li>SCF passes the path segment after the function name ({@code /getUser/Zo%C3%AB}) still percent-encoded;
 * this hands the function the decoded text, as API Gateway does with path parameters.</li>
 * <li>SCF reads form-encoded bodies as forms; the functions take JSON, so such a body is refused with 415
 * and a hint instead of being misread.</li>
 * </ul>
 */
@Component
class FunctionRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && (contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                || contentType.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE))) {
            response.setStatus(415);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"error\":\"Send the body as JSON with Content-Type: application/json\",\"status\":415}");
            return;
        }
        chain.doFilter(new DecodedArgumentRequest(request), response);
    }

    private static final class DecodedArgumentRequest extends HttpServletRequestWrapper {

        DecodedArgumentRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            Object value = super.getAttribute(name);
            if (WebRequestConstants.ARGUMENT.equals(name) && value instanceof String encoded) {
                try {
                    return UriUtils.decode(encoded, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return encoded;
                }
            }
            return value;
        }
    }
}
