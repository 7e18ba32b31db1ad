package dev.userfunctions.countusers;

import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.answers.Answer;
import dev.userfunctions.answers.ErrorBody;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserCount;
import dev.userfunctions.users.UserRepository;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

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

        Answer answer = new CountUsersFunction(users, UserCache.disabled()).answer();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.BYPASS);
        assertThat(answer.body()).isEqualTo(new UserCount(1000, Map.of("shard1", 503L, "shard2", 497L)));
    }

    @Test
    void aCachedCountIsAHit() {
        UserCache cache = mock(UserCache.class);
        when(cache.count(any())).thenReturn(new CacheResult<>(Optional.of(new UserCount(7, null)), CacheOutcome.HIT));

        Answer answer = new CountUsersFunction(users, cache).answer();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.HIT);
        assertThat(answer.body()).isEqualTo(new UserCount(7, null));
    }

    @Test
    void mongoUnreachableIs503() {
        when(users.count()).thenThrow(new DataAccessResourceFailureException("Timed out"));

        Answer answer = new CountUsersFunction(users, UserCache.disabled()).answer();

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.BYPASS);
        assertThat(answer.body()).isInstanceOf(ErrorBody.class);
    }

}
