package dev.userfunctions.seedusers;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.cache.InvalidationResult;
import dev.userfunctions.users.Responses;
import dev.userfunctions.users.SeedBatch;
import dev.userfunctions.users.SeedResult;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserCacheKeys;
import dev.userfunctions.users.UserRepository;

import java.time.Duration;

/**
 * seedUsers: idempotent bulk creation of {@code name = prefix + i, age = i}. Batch by
 * batch, writes MongoDB first, then deletes the cache entries that batch made stale (its
 * names, cached "not found" answers included, and the count), so that no read that starts
 * after this function returns can see an older answer. A batch that fails is invalidated
 * too (its writes may have partly landed) before the failure is answered. Keys that could
 * not be deleted are retried until the seed's time budget ends (at least the cache's
 * invalidation patience) and then reported, never dropped silently.
 *
 * <p>
 * The input is the raw body, as bytes: the transports hand over a JSON array as it is
 * (for the parser to refuse) instead of calling the function once per element. Each
 * transport registers it as a function of its own and renders its {@link Answer}.
 *
 * @param users where users are written
 * @param cache the cache whose entries each batch makes stale
 * @param timeBudget how long to keep starting batches; null for no limit
 */
public record SeedUsersFunction(UserRepository users, UserCache cache, Duration timeBudget) {

    public SeedUsersFunction(UserRepository users, UserCache cache) {
        this(users, cache, null);
    }

    public Answer answer(byte[] body) {
        return Responses.guard(() -> seed(SeedRequest.parse(body)));
    }

    private Answer seed(SeedRequest seed) {
        long started = System.nanoTime();
        long invalidationDeadline = started + invalidationBudget().toNanos();
        long inserted = 0;
        long matched = 0;
        Invalidations invalidations = new Invalidations();
        long end = seed.start() + seed.count();
        Long nextStart = null;
        for (long from = seed.start(); from < end; from += UserRepository.BATCH_SIZE) {
            if (timeBudget != null && from > seed.start() && System.nanoTime() - started >= timeBudget.toNanos()) {
                nextStart = from;
                break;
            }
            long to = Math.min(end, from + UserRepository.BATCH_SIZE);
            SeedBatch batch = new SeedBatch(seed.prefix(), from, to);
            SeedResult written;
            try {
                written = users.upsertBatch(batch);
            }
            catch (RuntimeException writeFailure) {
                invalidations.add(cache.invalidate(batch.names(), remaining(invalidationDeadline)));
                return Responses.failure(writeFailure,
                        " (seeding stopped at '" + batch.nameAt(from) + "'; " + (from - seed.start())
                                + " users before it were written" + invalidations.staleWarning()
                                + "; running the same seed again is safe)");
            }
            inserted += written.inserted();
            matched += written.matched();
            invalidations.add(cache.invalidate(batch.names(), remaining(invalidationDeadline)));
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        return Answer.ok(new SeedResponse(inserted, matched, invalidations.requested() - invalidations.failed(),
                invalidations.failed(), invalidations.error(), nextStart == null, nextStart, tookMs));
    }

    /**
     * How long, from the start of the seed, failed deletions are retried: the seed's own
     * time budget (a failover leaves a dead master's slots without a master for seconds,
     * and retrying until they are served again is what keeps its entries from being
     * served stale), at least the cache's invalidation patience. One budget for the whole
     * seed: waiting for a connection and retrying happen once, not per batch.
     */
    private Duration invalidationBudget() {
        Duration patience = cache.invalidationPatience();
        return timeBudget != null && timeBudget.compareTo(patience) > 0 ? timeBudget : patience;
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /**
     * The invalidations of one seed, added up: every batch's names, and the count (in
     * every batch's, counted once).
     */
    private static final class Invalidations {

        private long requestedNames;

        private long failedNames;

        private boolean countStale;

        private String error;

        void add(InvalidationResult result) {
            boolean countFailed = result.failedKeys().contains(UserCacheKeys.count());
            requestedNames += result.requested() - 1;
            failedNames += result.failedKeys().size() - (countFailed ? 1 : 0);
            countStale = countFailed; // a later batch's deletion of the count makes up
                                      // for an earlier failure
            if (result.failureReason() != null) {
                error = result.failureReason();
            }
        }

        long requested() {
            return requestedNames + 1;
        }

        long failed() {
            return failedNames + (countStale ? 1 : 0);
        }

        String error() {
            return failed() == 0 ? null : error;
        }

        String staleWarning() {
            return failed() == 0 ? "" : "; " + failed() + " cache entries could not be deleted (" + error
                    + ") and may be served stale until they expire";
        }

    }

}
