package dev.userfunctions.countusers;

import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.users.Responses;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserCount;
import dev.userfunctions.users.UserRepository;
import org.springframework.messaging.Message;

import java.util.function.Supplier;

/**
 * countUsers: {@code {"total": n, "shards": {"shard1": n1, …}}} through a mongos router,
 * {@code shards: null} otherwise. Cached for the count TTL; seedUsers invalidates it. 503
 * when MongoDB is unreachable.
 */
public class CountUsersFunction implements Supplier<Message<Object>> {

    private final UserRepository users;

    private final UserCache cache;

    public CountUsersFunction(UserRepository users, UserCache cache) {
        this.users = users;
        this.cache = cache;
    }

    @Override
    public Message<Object> get() {
        return Responses.guardRead(() -> {
            CacheResult<UserCount> result = cache.count(users::count);
            return Responses.ok(result.value().orElseThrow(), result.outcome());
        });
    }

}
