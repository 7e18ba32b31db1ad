package dev.userfunctions.local;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.answers.ErrorBody;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * Errors raised outside the functions (unknown path, unsupported method or media type)
 * get the same body as the functions' own, {@link ErrorBody}.
 */
@Component
class JsonErrorAttributes extends DefaultErrorAttributes {

    private final JsonMapper json;

    JsonErrorAttributes(JsonMapper json) {
        this.json = json;
    }

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
        return json.convertValue(Answer.error(status, error).body(), new TypeReference<Map<String, Object>>() {
        });
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error " + status : known.getReasonPhrase();
    }

}
