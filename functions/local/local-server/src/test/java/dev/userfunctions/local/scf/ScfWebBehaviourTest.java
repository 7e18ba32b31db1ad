package dev.userfunctions.local.scf;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the Spring Cloud Function web behaviours that the local server works around
 * ({@code FunctionRequestFilter}, {@code ScfWebAnswers}), on a plain SCF web application
 * without them. When an upgrade changes one of these, a test here fails: then the
 * workaround may be dropped or must change with it.
 */
@SpringBootTest(classes = ScfWebBehaviourTest.PlainFunctionWeb.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.cloud.function.http.GET=echo;withStatus", "spring.cloud.function.http.POST=echo" })
class ScfWebBehaviourTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Value("${local.server.port}")
    int port;

    @Test
    void aMethodWithoutAMappingRunsAnyFunction() throws Exception {
        HttpResponse<String> put = send("PUT", "/echo", "text/plain", "ran");

        assertThat(put.statusCode()).as("PUT has no spring.cloud.function.http.PUT mapping, so SCF runs echo")
            .isEqualTo(200);
        assertThat(put.body()).isEqualTo("ran");
    }

    @Test
    void aFunctionLeftOutOfAMappingIsAServerError() throws Exception {
        HttpResponse<String> post = send("POST", "/withStatus", "text/plain", "x");

        assertThat(post.statusCode()).as("POST is mapped to echo only; SCF throws, Spring MVC answers 500")
            .isEqualTo(500);
    }

    @Test
    void thePathArgumentArrivesPercentEncoded() throws Exception {
        HttpResponse<String> get = send("GET", "/echo/Zo%C3%AB", null, null);

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("Zo%C3%AB");
    }

    @Test
    void aStatusHeaderIsCopiedIntoTheAnswerNotApplied() throws Exception {
        HttpResponse<String> get = send("GET", "/withStatus/x", null, null);

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("statusCode")).as("the message header, copied as an HTTP header")
            .contains("404");
    }

    @Test
    void aFormBodyIsReadAsAForm() throws Exception {
        HttpResponse<String> post = send("POST", "/echo", "application/x-www-form-urlencoded", "count=5");

        assertThat(post.body()).as("the function is not handed the body as sent").isNotEqualTo("count=5");
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootApplication(proxyBeanMethods = false)
    static class PlainFunctionWeb {

        @Bean
        Function<String, String> echo() {
            return input -> input;
        }

        @Bean
        Function<String, Message<String>> withStatus() {
            return input -> MessageBuilder.withPayload(input).setHeader("statusCode", 404).build();
        }

    }

}
