package dev.userfunctions.local;

import dev.userfunctions.countusers.CountUsersFunction;
import dev.userfunctions.getuser.GetUserFunction;
import dev.userfunctions.seedusers.SeedUsersFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The three functions as Spring Cloud Function web serves them, by these bean names:
 * {@code GET /getUser/{name}}, {@code POST /seedUsers}, {@code GET /countUsers}. Each
 * answer is rendered by {@link ScfWebAnswers}.
 */
@Configuration(proxyBeanMethods = false)
class HttpFunctions {

    /**
     * The paths of the functions that read through the cache: their answers say X-Cache.
     */
    static final List<String> CACHE_READING_PATHS = List.of("/getUser", "/countUsers");

    @Bean
    Function<Message<String>, Message<Object>> getUser(GetUserFunction getUser) {
        return request -> ScfWebAnswers.message(getUser.answer(request.getPayload()));
    }

    /**
     * The body as bytes: SCF hands over a JSON array as it is (for the parser to refuse)
     * instead of calling the function once per element.
     */
    @Bean
    Function<Message<byte[]>, Message<Object>> seedUsers(SeedUsersFunction seedUsers) {
        return request -> ScfWebAnswers.message(seedUsers.answer(request.getPayload()));
    }

    @Bean
    Supplier<Message<Object>> countUsers(CountUsersFunction countUsers) {
        return () -> ScfWebAnswers.message(countUsers.answer());
    }

}
