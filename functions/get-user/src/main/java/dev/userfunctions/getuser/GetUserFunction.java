package dev.userfunctions.getuser;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.users.Responses;
import dev.userfunctions.users.User;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserNames;
import dev.userfunctions.users.UserRepository;

/**
 * getUser: the user with exactly this name, cache-aside through the Redis Cluster. 200
 * with the user, 404 when there is none (an answer that is cached too, for the negative
 * TTL), 400 for an invalid name, 503 when MongoDB is unreachable. Every answer says
 * {@code X-Cache: HIT | MISS | BYPASS}. Each transport (the local server, the Lambda)
 * registers it as a function of its own and renders its {@link Answer}.
 *
 * @param users where users are read
 * @param cache the cache they are read through
 */
public record GetUserFunction(UserRepository users, UserCache cache) {

    public Answer answer(String name) {
        return Responses.guardRead(() -> {
            String validName = UserNames.requireValid(name);
            CacheResult<User> result = cache.user(validName, () -> users.findByName(validName));
            return result.value()
                .map(user -> Answer.ok(user, result.outcome()))
                .orElseGet(() -> Answer.error(404, "No user named '" + validName + "'", result.outcome()));
        });
    }

}
