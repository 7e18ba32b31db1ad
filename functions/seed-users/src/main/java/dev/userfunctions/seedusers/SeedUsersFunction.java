package dev.userfunctions.seedusers;

import dev.userfunctions.cache.InvalidationResult;
import dev.userfunctions.users.Responses;
import dev.userfunctions.users.SeedResult;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import org.springframework.messaging.Message;

import java.util.List;
import java.util.function.Function;

/**
 * seedUsers: idempotent bulk creation of {@code name = prefix + i, age = i}. Writes MongoDB first, then
 * deletes the cache entries it made stale (including cached "not found" answers and the count), and reports
 * any it could not delete instead of dropping them silently.
 *
 * <p>The input is the raw body: as bytes, Spring Cloud Function hands over a JSON array as it is (for the
 * parser to refuse) instead of calling the function once per element.
 */
public class SeedUsersFunction implements Function<Message<byte[]>, Message<Object>> {

    private final UserRepository users;
    private final UserCache cache;

    public SeedUsersFunction(UserRepository users, UserCache cache) {
        this.users = users;
        this.cache = cache;
    }

    @Override
    public Message<Object> apply(Message<byte[]> request) {
        return Responses.guard(() -> {
            SeedRequest seed = SeedRequest.parse(request.getPayload());
            long started = System.nanoTime();
            SeedResult written = users.upsertRange(seed.prefix(), seed.start(), seed.count());
            List<String> names = seed.names().toList();
            InvalidationResult invalidation = cache.invalidate(names);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            return Responses.ok(new SeedResponse(written.inserted(), written.matched(),
                    invalidation.requested() - invalidation.failedKeys().size(), invalidation.failedKeys().size(),
                    invalidation.failureReason(), tookMs));
        }, null);
    }
}
