package dev.userfunctions.local;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.web.constants.WebRequestConstants;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Three adjustments between HTTP and Spring Cloud Function web:
 * <ul>
 * <li>{@code GET /getUser/ly1}: SCF first looks the whole path {@code getUser/ly1} up as
 * a function name, a lookup that misses its cache and scans the bean factory on every
 * request (seen in a JFR profile, where it took most of a getUser hit's time). Here the
 * request reaches SCF as {@code GET /getUser} with the argument already in place, so SCF
 * finds the function in its cache and passes the argument on as before.</li>
 * <li>The argument is handed over percent-decoded ({@code /getUser/Zo%C3%AB} is "Zoë"),
 * as API Gateway does with path parameters; SCF passes it on encoded.</li>
 * <li>SCF reads form-encoded bodies as forms; the functions take JSON, so such a body is
 * refused with 415 and a hint instead of being misread.</li>
 * </ul>
 */
@Component
class FunctionRequestFilter extends OncePerRequestFilter {

    private static final Set<String> READ_AND_WRITE_METHODS = Set.of("GET", "POST", "HEAD", "OPTIONS");

    private final FunctionCatalog functions;

    private volatile Set<String> functionNames;

    FunctionRequestFilter(FunctionCatalog functions) {
        this.functions = functions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!READ_AND_WRITE_METHODS.contains(request.getMethod())) {
            // Spring Cloud Function web would run a function for PUT and DELETE too:
            // reads are GETs, the seed a POST.
            response.setStatus(405);
            response.setHeader("Allow", "GET, POST");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            response.getWriter()
                .write("{\"error\":\"Method " + request.getMethod()
                        + " is not allowed: GET /getUser/{name} and /countUsers, POST /seedUsers\",\"status\":405}");
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && (contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                || contentType.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE))) {
            response.setStatus(415);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            response.getWriter()
                .write("{\"error\":\"Send the body as JSON with Content-Type: application/json\",\"status\":415}");
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        int slash = path.indexOf('/', 1);
        if ("GET".equals(request.getMethod()) && slash > 1 && slash < path.length() - 1
                && isFunction(path.substring(1, slash))) {
            request.setAttribute(WebRequestConstants.ARGUMENT, decode(path.substring(slash + 1)));
            chain.doFilter(new FunctionPathRequest(request, path.substring(0, slash)), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isFunction(String name) {
        Set<String> names = functionNames;
        if (names == null) {
            names = Set.copyOf(functions.getNames(null));
            functionNames = names;
        }
        return names.contains(name);
    }

    private static String decode(String encoded) {
        try {
            return UriUtils.decode(encoded, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            return encoded;
        }
    }

    /**
     * The request as SCF should see it: the function's path only, the argument travelling
     * as an attribute.
     */
    private static final class FunctionPathRequest extends HttpServletRequestWrapper {

        private final String functionPath;

        FunctionPathRequest(HttpServletRequest request, String functionPath) {
            super(request);
            this.functionPath = functionPath;
        }

        @Override
        public String getRequestURI() {
            return getContextPath() + functionPath;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer();
            url.append(getScheme())
                .append("://")
                .append(getServerName())
                .append(':')
                .append(getServerPort())
                .append(getRequestURI());
            return url;
        }

        @Override
        public String getServletPath() {
            return functionPath;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

    }

}
