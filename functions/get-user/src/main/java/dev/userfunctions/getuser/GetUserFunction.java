package dev.userfunctions.getuser;

import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.users.Responses;
import dev.userfunctions.users.User;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserNames;
import dev.userfunctions.users.UserRepository;
import org.springframework.messaging.Message;

import java.util.function.Function;

/**
 * getUser: the user with exactly this name, cache-aside through the Redis Cluster. 200
 * with the user, 404 when there is none (an answer that is cached too, for the negative
 * TTL), 400 for an invalid name, 503 when MongoDB is unreachable. Every answer says
 * {@code X-Cache: HIT | MISS | BYPASS}.
 */
public class GetUserFunction implements Function<Message<String>, Message<Object>> {

    private final UserRepository users;

    private final UserCache cache;

    public GetUserFunction(UserRepository users, UserCache cache) {
        this.users = users;
        this.cache = cache;
    }

    @Override
    public Message<Object> apply(Message<String> request) {
        return Responses.guardRead(() -> {
            String name = UserNames.requireValid(request.getPayload());
            CacheResult<User> result = cache.user(name, () -> users.findByName(name));
            return result.value()
                .map(user -> Responses.ok(user, result.outcome()))
                .orElseGet(() -> Responses.error(404, "No user named '" + name + "'", result.outcome()));
        });
    }

}
