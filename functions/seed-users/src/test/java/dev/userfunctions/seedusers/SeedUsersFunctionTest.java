package dev.userfunctions.seedusers;

import dev.userfunctions.cache.InvalidationResult;
import dev.userfunctions.answers.Answer;
import dev.userfunctions.answers.ErrorBody;
import dev.userfunctions.users.SeedBatch;
import dev.userfunctions.users.SeedResult;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.dao.DataAccessResourceFailureException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class SeedUsersFunctionTest {

    private final UserRepository users = mock(UserRepository.class);

    private final UserCache cache = mock(UserCache.class);

    private final SeedUsersFunction seedUsers = new SeedUsersFunction(users, cache);

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesMongoThenInvalidatesEveryNameItWroteAndTheCount() {
        when(cache.invalidationPatience()).thenReturn(Duration.ofSeconds(3));
        when(users.upsertBatch(new SeedBatch("p", 10, 13))).thenReturn(new SeedResult(2, 1));
        when(cache.invalidate(any(), any())).thenReturn(new InvalidationResult(4, 1, List.of(), null));

        Answer answer = seedUsers.answer(body("{\"count\": 3, \"prefix\": \"p\", \"start\": 10}"));

        ArgumentCaptor<Collection<String>> names = ArgumentCaptor.forClass(Collection.class);
        verify(cache).invalidate(names.capture(), any());
        assertThat(names.getValue()).containsExactly("p10", "p11", "p12");
        assertThat(answer.status()).isEqualTo(200);
        SeedResponse response = (SeedResponse) answer.body();
        assertThat(response.inserted()).isEqualTo(2);
        assertThat(response.matched()).isEqualTo(1);
        assertThat(response.invalidated()).isEqualTo(4);
        assertThat(response.invalidationFailures()).isZero();
        assertThat(response.invalidationError()).isNull();
        assertThat(response.complete()).isTrue();
        assertThat(response.nextStart()).isNull();
        assertThat(response.tookMs()).isNotNegative();
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachBatchIsInvalidatedRightAfterItIsWritten() {
        when(cache.invalidationPatience()).thenReturn(Duration.ofSeconds(3));
        when(users.upsertBatch(any())).thenReturn(new SeedResult(1000, 0), new SeedResult(500, 0));
        when(cache.invalidate(any(), any())).thenReturn(new InvalidationResult(1001, 1001, List.of(), null),
                new InvalidationResult(501, 501, List.of(), null));

        SeedResponse response = (SeedResponse) seedUsers.answer(body("{\"count\": 1500}")).body();

        InOrder order = inOrder(users, cache);
        ArgumentCaptor<Collection<String>> names = ArgumentCaptor.forClass(Collection.class);
        ArgumentCaptor<Duration> patience = ArgumentCaptor.forClass(Duration.class);
        order.verify(users).upsertBatch(new SeedBatch("ly", 0, 1000));
        order.verify(cache).invalidate(names.capture(), patience.capture());
        order.verify(users).upsertBatch(new SeedBatch("ly", 1000, 1500));
        order.verify(cache).invalidate(names.capture(), patience.capture());
        assertThat(names.getAllValues().get(0)).hasSize(1000).startsWith("ly0").endsWith("ly999");
        assertThat(names.getAllValues().get(1)).hasSize(500).startsWith("ly1000").endsWith("ly1499");
        assertThat(patience.getAllValues()).as("the cache's patience for each: nothing failed")
            .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(response.inserted()).isEqualTo(1500);
        assertThat(response.invalidated()).as("1,500 names and the count once").isEqualTo(1501);
    }

    @Test
    void afterABatchRanOutOfPatienceLaterBatchesTryOnceUntilOneDeletesAllItsKeysThenTheRestIsRetried() {
        when(cache.invalidationPatience()).thenReturn(Duration.ofSeconds(20));
        when(users.upsertBatch(any())).thenReturn(new SeedResult(1000, 0));
        InvalidationResult deleted = new InvalidationResult(1001, 1001, List.of(), null);
        when(cache.invalidate(any(), any())).thenReturn(failed("users:v1:name:a"), failed("users:v1:name:b"), deleted,
                deleted);
        when(cache.invalidateKeys(any(), any())).thenReturn(new InvalidationResult(2, 2, List.of(), null));

        SeedResponse response = (SeedResponse) seedUsers.answer(body("{\"count\": 4000}")).body();

        ArgumentCaptor<Duration> patience = ArgumentCaptor.forClass(Duration.class);
        verify(cache, times(4)).invalidate(any(), patience.capture());
        assertThat(patience.getAllValues()).as("retries for the whole patience, then single tries, then again")
            .containsExactly(Duration.ofSeconds(20), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20));
        verify(cache).invalidateKeys(List.of("users:v1:name:a", "users:v1:name:b"), Duration.ofSeconds(20));
        assertThat(response.invalidationFailures()).as("the keys left over were deleted once Redis answered").isZero();
        assertThat(response.invalidated()).isEqualTo(4001);
    }

    @Test
    void whatIsStillUndeletedWhenTheSeedAnswersIsReported() {
        when(cache.invalidationPatience()).thenReturn(Duration.ofSeconds(20));
        when(users.upsertBatch(any())).thenReturn(new SeedResult(1000, 0));
        when(cache.invalidate(any(), any())).thenReturn(failed("users:v1:name:a"), failed("users:v1:name:b"));

        SeedResponse response = (SeedResponse) seedUsers.answer(body("{\"count\": 2000}")).body();

        verify(cache, never()).invalidateKeys(any(), any());
        assertThat(response.invalidationFailures()).isEqualTo(2);
        assertThat(response.invalidated()).isEqualTo(1999);
        assertThat(response.invalidationError()).contains("CLUSTERDOWN");
    }

    private static InvalidationResult failed(String key) {
        return new InvalidationResult(1001, 1000, List.of(key), "CLUSTERDOWN The cluster is down");
    }

    @Test
    void retriesNeverOutlastTheSeedsTimeBudget() {
        SeedUsersFunction budgeted = new SeedUsersFunction(users, cache, Duration.ofSeconds(5));
        when(cache.invalidationPatience()).thenReturn(Duration.ofSeconds(20));
        when(users.upsertBatch(any())).thenReturn(new SeedResult(1000, 0));
        when(cache.invalidate(any(), any())).thenReturn(new InvalidationResult(1001, 1001, List.of(), null));

        budgeted.answer(body("{\"count\": 1000}"));

        ArgumentCaptor<Duration> patience = ArgumentCaptor.forClass(Duration.class);
        verify(cache).invalidate(any(), patience.capture());
        assertThat(patience.getValue()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isGreaterThan(Duration.ofSeconds(4));
    }

    @Test
    void aSeedThatOutlastsItsTimeBudgetStopsBetweenBatchesAndSaysWhereToContinue() {
        SeedUsersFunction budgeted = new SeedUsersFunction(users, cache, Duration.ofNanos(1));
        when(users.upsertBatch(new SeedBatch("ly", 0, 1000))).thenReturn(new SeedResult(1000, 0));
        when(cache.invalidate(any(), any())).thenReturn(new InvalidationResult(1001, 1001, List.of(), null));

        Answer answer = budgeted.answer(body("{\"count\": 3000}"));

        assertThat(answer.status()).isEqualTo(200);
        SeedResponse response = (SeedResponse) answer.body();
        assertThat(response.complete()).isFalse();
        assertThat(response.nextStart()).isEqualTo(1000);
        assertThat(response.inserted()).isEqualTo(1000);
        verify(users, never()).upsertBatch(new SeedBatch("ly", 1000, 2000));
    }

    @Test
    void anEmptyBodySeedsTheOriginalDataSet() {
        when(users.upsertBatch(new SeedBatch("ly", 0, 1000))).thenReturn(new SeedResult(1000, 0));
        when(cache.invalidate(any(), any())).thenReturn(new InvalidationResult(1001, 0, List.of(), null));

        Answer answer = seedUsers.answer(body(""));

        assertThat(answer.status()).isEqualTo(200);
        verify(users).upsertBatch(new SeedBatch("ly", 0, 1000));
    }

    @Test
    void failedInvalidationsAreReportedNotDropped() {
        when(users.upsertBatch(new SeedBatch("ly", 0, 2))).thenReturn(new SeedResult(2, 0));
        when(cache.invalidate(any(), any()))
            .thenReturn(new InvalidationResult(3, 0, List.of("users:v1:name:bHkw", "users:v1:count"),
                    "RedisCommandTimeoutException: Command timed out after 250 millisecond(s)"));

        SeedResponse response = (SeedResponse) seedUsers.answer(body("{\"count\": 2}")).body();

        assertThat(response.invalidated()).isEqualTo(1);
        assertThat(response.invalidationFailures()).isEqualTo(2);
        assertThat(response.invalidationError()).contains("timed out");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBatchThatFailsIsInvalidatedTooAndTheAnswerSaysHowFarItGot() {
        when(users.upsertBatch(new SeedBatch("ly", 0, 1000))).thenReturn(new SeedResult(1000, 0));
        when(users.upsertBatch(new SeedBatch("ly", 1000, 2000)))
            .thenThrow(new DataAccessResourceFailureException("Timed out"));
        when(cache.invalidate(any(), any())).thenReturn(new InvalidationResult(1001, 1001, List.of(), null));

        Answer answer = seedUsers.answer(body("{\"count\": 3000}"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(((ErrorBody) answer.body()).error()).contains("MongoDB is unreachable")
            .contains("stopped at 'ly1000'")
            .contains("1000 users before it")
            .contains("again is safe")
            .doesNotContain("stale");
        ArgumentCaptor<Collection<String>> names = ArgumentCaptor.forClass(Collection.class);
        verify(cache, times(2)).invalidate(names.capture(), any());
        assertThat(names.getAllValues().get(1)).as("the failed batch, whose writes may have partly landed")
            .hasSize(1000)
            .startsWith("ly1000");
        verify(users, never()).upsertBatch(new SeedBatch("ly", 2000, 3000));
    }

    @ParameterizedTest
    @ValueSource(strings = { "null", "not json", "[1, 2]", "\"text\"", "42", "{\"count\": \"10\"}", "{\"count\": 1.5}",
            "{\"count\": 0}", "{\"count\": 100001}", "{\"count\": 99999999999999999999999}", "{\"count\": 1e400}",
            "{\"prefix\": 5}", "{\"prefix\": {\"$ne\": null}}", "{\"prefix\": \"$where\"}", "{\"start\": -1}",
            "{\"start\": 999999999, \"count\": 2}", "{\"count\": 1, \"count\": 2}", "{\"name\": \"x\"}",
            "{\"count\": 1" })
    void badBodiesAre400AndChangeNothing(String json) {
        Answer answer = seedUsers.answer(body(json));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(((ErrorBody) answer.body()).error()).isNotBlank();
        verifyNoInteractions(users, cache);
    }

    @Test
    void aReadTimeoutIsCalledATimeoutNotUnreachable() {
        when(users.upsertBatch(new SeedBatch("ly", 0, 1000))).thenThrow(
                new DataAccessResourceFailureException("Timed out", new com.mongodb.MongoSocketReadTimeoutException(
                        "Timeout while receiving message", new com.mongodb.ServerAddress(), null)));
        when(cache.invalidate(any(), any())).thenReturn(new InvalidationResult(1001, 1001, List.of(), null));

        Answer answer = seedUsers.answer(body("{}"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(((ErrorBody) answer.body()).error()).contains("did not answer within its read timeout")
            .doesNotContain("unreachable");
    }

    @Test
    void whenTheFailedBatchCannotBeInvalidatedEitherTheAnswerSaysWhatMayBeStale() {
        when(users.upsertBatch(new SeedBatch("ly", 0, 1000)))
            .thenThrow(new DataAccessResourceFailureException("Timed out"));
        when(cache.invalidate(any(), any())).thenReturn(
                new InvalidationResult(1001, 0, List.of("users:v1:count"), "not connected to the Redis Cluster"));

        Answer answer = seedUsers.answer(body("{}"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(((ErrorBody) answer.body()).error()).contains("1 cache entries could not be deleted")
            .contains("not connected");
    }

}
