package dev.userfunctions.getuser;

import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.lease.LoadFailedException;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.answers.Answer;
import dev.userfunctions.answers.ErrorBody;
import dev.userfunctions.users.User;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class GetUserFunctionTest {

    private final UserRepository users = mock(UserRepository.class);

    private final UserCache cache = mock(UserCache.class);

    private final User ly1 = new User("65612f6c2a1b3c4d5e6f7a8b", "ly1", 1);

    @Test
    void aCachedUserIs200WithXCacheHit() {
        when(cache.user(eq("ly1"), any())).thenReturn(new CacheResult<>(Optional.of(ly1), CacheOutcome.HIT));

        Answer answer = new GetUserFunction(users, cache).answer("ly1");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.HIT);
        assertThat(answer.body()).isEqualTo(ly1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMissLoadsFromMongoThroughTheCache() {
        when(users.findByName("ly1")).thenReturn(Optional.of(ly1));
        when(cache.user(eq("ly1"), any())).thenAnswer(
                miss -> new CacheResult<>(((Supplier<Optional<User>>) miss.getArgument(1)).get(), CacheOutcome.MISS));

        Answer answer = new GetUserFunction(users, cache).answer("ly1");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.MISS);
        assertThat(answer.body()).isEqualTo(ly1);
        verify(users).findByName("ly1");
    }

    @Test
    void withoutTheCacheTheUserIsLoadedFromMongoAsABypass() {
        when(users.findByName("ly1")).thenReturn(Optional.of(ly1));

        Answer answer = new GetUserFunction(users, UserCache.disabled()).answer("ly1");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.BYPASS);
        assertThat(answer.body()).isEqualTo(ly1);
    }

    @Test
    void noSuchUserIs404WithTheCacheOutcome() {
        when(cache.user(eq("ghost"), any())).thenReturn(new CacheResult<>(Optional.empty(), CacheOutcome.HIT));

        Answer answer = new GetUserFunction(users, cache).answer("ghost");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.HIT);
        assertThat(answer.body()).isEqualTo(new ErrorBody("No user named 'ghost'", 404));
    }

    @Test
    void anInvalidNameIs400AndTouchesNeitherStore() {
        Answer answer = new GetUserFunction(users, cache).answer("{\"$ne\": null}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.BYPASS);
        assertThat(((ErrorBody) answer.body()).error()).contains("may contain only");
        verifyNoInteractions(users, cache);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mongoUnreachableIs503() {
        when(users.findByName("ly1")).thenThrow(new DataAccessResourceFailureException("Timed out after 2000 ms"));
        when(cache.user(eq("ly1"), any())).thenAnswer(call -> {
            try {
                return ((Supplier<Optional<User>>) call.getArgument(1)).get();
            }
            catch (RuntimeException e) {
                throw new LoadFailedException(CacheOutcome.MISS, e);
            }
        });

        Answer answer = new GetUserFunction(users, cache).answer("ly1");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.cacheOutcome()).contains(CacheOutcome.MISS);
        assertThat(((ErrorBody) answer.body()).error()).contains("MongoDB is unreachable");
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternals() {
        when(users.findByName("ly1")).thenThrow(new IllegalStateException("secret internals"));

        Answer answer = new GetUserFunction(users, UserCache.disabled()).answer("ly1");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body().toString()).doesNotContain("secret");
    }

}
