package dev.userfunctions.local;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import dev.userfunctions.answers.Answer;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.web.FunctionHttpProperties;
import org.springframework.cloud.function.web.constants.WebRequestConstants;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the local server's HTTP contract and Spring Cloud Function web's differ. Each
 * adjustment names the SCF 5 behaviour it works around; {@code ScfWebBehaviourTest} fails
 * when an upgrade changes one of them.
 * <ul>
 * <li>Methods: SCF runs any function for a method whose
 * {@code spring.cloud.function.http.<METHOD>} mapping is not set ({@code PUT /seedUsers}
 * ran a seed), and throws a bare {@link IllegalArgumentException} (a 500) for a function
 * left out of a mapping that is set. Here a function answers only the methods whose
 * mapping lists it, and any other method gets 405 with {@code Allow}; no other route
 * takes PUT, PATCH or DELETE either.</li>
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

    private static final Set<String> PASSED_THROUGH = Set.of("GET", "POST", "HEAD", "OPTIONS");

    private static final Set<String> ALWAYS_ALLOWED = Set.of("HEAD", "OPTIONS");

    private final FunctionCatalog functions;

    private final FunctionHttpProperties mappings;

    private final JsonMapper json;

    /**
     * Each function's methods, from its {@code spring.cloud.function.http.*} mappings;
     * read once, as SCF reads them once.
     */
    private volatile Map<String, List<String>> methodsByFunction;

    FunctionRequestFilter(FunctionCatalog functions, FunctionHttpProperties mappings, JsonMapper json) {
        this.functions = functions;
        this.mappings = mappings;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        int slash = path.indexOf('/', 1);
        String first = slash > 0 ? path.substring(1, slash) : path.substring(1);
        List<String> allowed = methodsByFunction().getOrDefault(first, List.of());
        boolean function = !allowed.isEmpty();
        if (function && !ALWAYS_ALLOWED.contains(method)) {
            if (!allowed.contains(method)) {
                refuse(response, 405, "Method " + method + " is not allowed for " + first + ": it takes "
                        + String.join(" or ", allowed), String.join(", ", allowed));
                return;
            }
        }
        else if (!function && !PASSED_THROUGH.contains(method)) {
            refuse(response, 405,
                    "Method " + method + " is not allowed: GET /getUser/{name} and /countUsers, POST /seedUsers",
                    "GET, POST");
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && (contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                || contentType.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE))) {
            refuse(response, 415, "Send the body as JSON with Content-Type: application/json", null);
            return;
        }
        if (function && "GET".equals(method) && slash > 1 && slash < path.length() - 1) {
            request.setAttribute(WebRequestConstants.ARGUMENT, decode(path.substring(slash + 1)));
            chain.doFilter(new FunctionPathRequest(request, path.substring(0, slash)), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private Map<String, List<String>> methodsByFunction() {
        Map<String, List<String>> byFunction = methodsByFunction;
        if (byFunction == null) {
            Map<String, String> mappingByMethod = new LinkedHashMap<>();
            mappingByMethod.put("GET", mappings.getGet());
            mappingByMethod.put("POST", mappings.getPost());
            mappingByMethod.put("PUT", mappings.getPut());
            mappingByMethod.put("DELETE", mappings.getDelete());
            byFunction = new HashMap<>();
            for (String function : functions.getNames(null)) {
                List<String> methods = mappingByMethod.entrySet()
                    .stream()
                    .filter(mapping -> mapping.getValue() != null
                            && List.of(mapping.getValue().split(";")).contains(function))
                    .map(Map.Entry::getKey)
                    .toList();
                byFunction.put(function, methods);
            }
            byFunction = Map.copyOf(byFunction);
            methodsByFunction = byFunction;
        }
        return byFunction;
    }

    private void refuse(HttpServletResponse response, int status, String message, String allow) throws IOException {
        response.setStatus(status);
        if (allow != null) {
            response.setHeader("Allow", allow);
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        response.getWriter().write(json.writeValueAsString(Answer.error(status, message).body()));
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
