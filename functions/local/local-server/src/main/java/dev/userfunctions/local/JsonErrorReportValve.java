package dev.userfunctions.local;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.cache.CacheOutcome;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Tomcat answers itself, before any servlet runs (an encoded {@code /}, {@code \}
 * or NUL in the path, a malformed {@code %} escape), get the server's JSON error body
 * instead of Tomcat's HTML page, and {@code X-Cache: BYPASS} on the paths of the
 * functions that read through the cache. Installed as the host's error report valve, the
 * one Tomcat renders such answers with.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private final JsonMapper json;

    JsonErrorReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
            return;
        }
        String message = status == 400
                ? "The request URL is not valid: encoded '/', '\\' or NUL characters and "
                        + "malformed % escapes are refused"
                : "The server could not answer this request (HTTP " + status + ")";
        try {
            response.resetBuffer();
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String path = String.valueOf(request.getRequestURI());
            if (HttpFunctions.CACHE_READING_PATHS.stream().anyMatch(path::startsWith)) {
                response.setHeader(Answer.CACHE_HEADER, CacheOutcome.BYPASS.name());
            }
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(Answer.error(status, message).body()));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // The client is gone or the response was taken over: nothing left to send.
        }
    }

    /**
     * Makes Tomcat's host use this valve: added to its pipeline, and named as its error
     * report valve so that Tomcat does not add its own.
     */
    @Component
    static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

        private final JsonMapper json;

        Installer(JsonMapper json) {
            this.json = json;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.getPipeline().addValve(new JsonErrorReportValve(json));
                    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
            });
        }

    }

}
