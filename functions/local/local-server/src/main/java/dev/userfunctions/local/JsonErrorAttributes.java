package dev.userfunctions.local;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors raised outside the functions (unknown path, unsupported method or media type)
 * get the same body as the functions' own: {@code {"error": "...", "status": N}}.
 */
@Component
class JsonErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> defaults = super.getErrorAttributes(request,
                options.including(ErrorAttributeOptions.Include.MESSAGE));
        int status = defaults.get("status") instanceof Integer code ? code : 500;
        Object message = defaults.get("message");
        String error = status == 404
                ? "No function at " + defaults.get("path")
                        + "; the functions are GET /getUser/{name}, POST /seedUsers, GET /countUsers"
                : message instanceof String text && !text.isBlank() && status < 500 ? text : reason(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("status", status);
        return body;
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error " + status : known.getReasonPhrase();
    }

}
