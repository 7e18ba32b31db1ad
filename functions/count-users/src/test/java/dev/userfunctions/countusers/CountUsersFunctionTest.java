package dev.userfunctions.countusers;

import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.answers.ErrorBody;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserCount;
import dev.userfunctions.users.UserRepository;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.messaging.Message;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class CountUsersFunctionTest {

    private final UserRepository users = mock(UserRepository.class);

    @Test
    void answersTheTotalAndTheShards() {
        when(users.count()).thenReturn(new UserCount(1000, Map.of("shard1", 503L, "shard2", 497L)));

        Message<Object> answer = new CountUsersFunction(users, UserCache.disabled()).get();

        assertThat(answer.getHeaders()).containsEntry("statusCode", 200).containsEntry("X-Cache", "BYPASS");
        assertThat(answer.getPayload()).isEqualTo(new UserCount(1000, Map.of("shard1", 503L, "shard2", 497L)));
    }

    @Test
    void aCachedCountIsAHit() {
        UserCache cache = mock(UserCache.class);
        when(cache.count(any())).thenReturn(new CacheResult<>(Optional.of(new UserCount(7, null)), CacheOutcome.HIT));

        Message<Object> answer = new CountUsersFunction(users, cache).get();

        assertThat(answer.getHeaders()).containsEntry("statusCode", 200).containsEntry("X-Cache", "HIT");
        assertThat(answer.getPayload()).isEqualTo(new UserCount(7, null));
    }

    @Test
    void mongoUnreachableIs503() {
        when(users.count()).thenThrow(new DataAccessResourceFailureException("Timed out"));

        Message<Object> answer = new CountUsersFunction(users, UserCache.disabled()).get();

        assertThat(answer.getHeaders()).containsEntry("statusCode", 503).containsEntry("X-Cache", "BYPASS");
        assertThat(answer.getPayload()).isInstanceOf(ErrorBody.class);
    }

}
