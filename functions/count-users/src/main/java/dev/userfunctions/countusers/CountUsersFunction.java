package dev.userfunctions.countusers;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.users.Responses;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserCount;
import dev.userfunctions.users.UserRepository;

/**
 * countUsers: {@code {"total": n, "shards": {"shard1": n1, …}}} through a mongos router,
 * {@code shards: null} otherwise. Cached for the count TTL; seedUsers invalidates it. 503
 * when MongoDB is unreachable. Each transport registers it as a function of its own and
 * renders its {@link Answer}.
 *
 * @param users where users are counted
 * @param cache the cache the count is read through
 */
public record CountUsersFunction(UserRepository users, UserCache cache) {

    public Answer answer() {
        return Responses.guardRead(() -> {
            CacheResult<UserCount> result = cache.count(users::count);
            return Answer.ok(result.value().orElseThrow(), result.outcome());
        });
    }

}
