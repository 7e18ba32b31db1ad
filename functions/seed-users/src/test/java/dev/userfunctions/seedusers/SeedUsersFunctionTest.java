package dev.userfunctions.seedusers;

import dev.userfunctions.cache.InvalidationResult;
import dev.userfunctions.users.ErrorBody;
import dev.userfunctions.users.SeedResult;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class SeedUsersFunctionTest {

    private final UserRepository users = mock(UserRepository.class);
    private final UserCache cache = mock(UserCache.class);
    private final SeedUsersFunction seedUsers = new SeedUsersFunction(users, cache);

    private static Message<byte[]> body(String json) {
        return MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesMongoThenInvalidatesEveryNameItWroteAndTheCount() {
        when(users.upsertRange("p", 10, 3)).thenReturn(new SeedResult(2, 1));
        when(cache.invalidate(any())).thenReturn(new InvalidationResult(4, 1, List.of(), null));

        Message<Object> answer = seedUsers.apply(body("{\"count\": 3, \"prefix\": \"p\", \"start\": 10}"));

        ArgumentCaptor<Collection<String>> names = ArgumentCaptor.forClass(Collection.class);
        verify(cache).invalidate(names.capture());
        assertThat(names.getValue()).containsExactly("p10", "p11", "p12");
        assertThat(answer.getHeaders()).containsEntry("statusCode", 200);
        SeedResponse response = (SeedResponse) answer.getPayload();
        assertThat(response.inserted()).isEqualTo(2);
        assertThat(response.matched()).isEqualTo(1);
        assertThat(response.invalidated()).isEqualTo(4);
        assertThat(response.invalidationFailures()).isZero();
        assertThat(response.tookMs()).isNotNegative();
    }

    @Test
    void anEmptyBodySeedsTheOriginalDataSet() {
        when(users.upsertRange("ly", 0, 1000)).thenReturn(new SeedResult(1000, 0));
        when(cache.invalidate(any())).thenReturn(new InvalidationResult(1001, 0, List.of(), null));

        Message<Object> answer = seedUsers.apply(body(""));

        assertThat(answer.getHeaders()).containsEntry("statusCode", 200);
        verify(users).upsertRange("ly", 0, 1000);
    }

    @Test
    void failedInvalidationsAreReportedNotDropped() {
        when(users.upsertRange("ly", 0, 2)).thenReturn(new SeedResult(2, 0));
        when(cache.invalidate(any())).thenReturn(new InvalidationResult(3, 0, List.of("users:v1:name:bHkw", "users:v1:count"),
                "RedisCommandTimeoutException: Command timed out after 250 millisecond(s)"));

        SeedResponse response = (SeedResponse) seedUsers.apply(body("{\"count\": 2}")).getPayload();

        assertThat(response.invalidated()).isEqualTo(1);
        assertThat(response.invalidationFailures()).isEqualTo(2);
        assertThat(response.invalidationError()).contains("timed out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1, 2]", "\"text\"", "42", "{\"count\": \"10\"}", "{\"count\": 1.5}",
            "{\"count\": 0}", "{\"count\": 100001}", "{\"count\": 99999999999999999999999}", "{\"count\": 1e400}",
            "{\"prefix\": 5}", "{\"prefix\": {\"$ne\": null}}", "{\"prefix\": \"$where\"}", "{\"start\": -1}",
            "{\"start\": 999999999, \"count\": 2}", "{\"count\": 1, \"count\": 2}", "{\"name\": \"x\"}", "{\"count\": 1"})
    void badBodiesAre400AndChangeNothing(String json) {
        Message<Object> answer = seedUsers.apply(body(json));

        assertThat(answer.getHeaders()).containsEntry("statusCode", 400);
        assertThat(((ErrorBody) answer.getPayload()).error()).isNotBlank();
        verifyNoInteractions(users, cache);
    }

    @Test
    void mongoUnreachableIs503AndNothingIsInvalidated() {
        when(users.upsertRange("ly", 0, 1000)).thenThrow(new DataAccessResourceFailureException("Timed out"));

        Message<Object> answer = seedUsers.apply(body("{}"));

        assertThat(answer.getHeaders()).containsEntry("statusCode", 503);
        verifyNoInteractions(cache);
    }
}
