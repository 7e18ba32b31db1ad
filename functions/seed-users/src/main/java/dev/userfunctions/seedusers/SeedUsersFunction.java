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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * seedUsers: idempotent bulk creation of {@code name = prefix + i, age = i}. Batch by
 * batch, writes MongoDB first, then deletes the cache entries that batch made stale (its
 * names, cached "not found" answers included, and the count), so that no read that starts
 * after this function returns can see an older answer. A batch that fails is invalidated
 * too (its writes may have partly landed) before the failure is answered. Keys that could
 * not be deleted are retried for the cache's invalidation patience, within the seed's
 * time budget, and then reported, never dropped silently.
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
        long inserted = 0;
        long matched = 0;
        Invalidations invalidations = new Invalidations(cache,
                timeBudget == null ? Long.MAX_VALUE : started + timeBudget.toNanos());
        Long nextStart = null;
        for (SeedBatch batch : SeedBatch.covering(seed.prefix(), seed.start(), seed.count())) {
            long from = batch.from();
            if (timeBudget != null && from > seed.start() && System.nanoTime() - started >= timeBudget.toNanos()) {
                nextStart = from;
                break;
            }
            SeedResult written;
            try {
                written = users.upsertBatch(batch);
            }
            catch (RuntimeException writeFailure) {
                invalidations.invalidate(batch.names());
                return Responses.failure(writeFailure,
                        " (seeding stopped at '" + batch.nameAt(from) + "'; " + (from - seed.start())
                                + " users before it were written" + invalidations.staleWarning()
                                + "; running the same seed again is safe)");
            }
            inserted += written.inserted();
            matched += written.matched();
            invalidations.invalidate(batch.names());
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        return Answer.ok(new SeedResponse(inserted, matched, invalidations.requested() - invalidations.failed(),
                invalidations.failed(), invalidations.error(), nextStart == null, nextStart, tookMs));
    }

    /**
     * The invalidations of one seed, and how patient each is. A batch whose deletions
     * fail retries them for the cache's invalidation patience (a failed-over master's
     * slots are served again once a replica is promoted, which the default patience
     * outlasts), never past the seed's time budget. Once a batch ran out of patience with
     * keys still undeleted, Redis is not coming back soon: later batches try once each,
     * without waiting, until one deletes all its keys. Added up: every batch's names, and
     * the count (in every batch's, counted once).
     */
    private static final class Invalidations {

        private final UserCache cache;

        private final long deadlineNanos;

        /** Keys not deleted yet, the count's included. */
        private final Set<String> undeleted = new LinkedHashSet<>();

        private boolean outage;

        private long requestedNames;

        private String error;

        Invalidations(UserCache cache, long deadlineNanos) {
            this.cache = cache;
            this.deadlineNanos = deadlineNanos;
        }

        /**
         * Deletes the entries of {@code names} and the count; once that worked, also the
         * keys earlier batches could not delete, now that Redis answers again.
         */
        void invalidate(Collection<String> names) {
            requestedNames += names.size();
            InvalidationResult result = cache.invalidate(names, patience());
            undeleted.remove(UserCacheKeys.count());
            record(result);
            if (!outage && !undeleted.isEmpty()) {
                InvalidationResult retried = cache.invalidateKeys(List.copyOf(undeleted), patience());
                undeleted.clear();
                record(retried);
            }
        }

        private void record(InvalidationResult result) {
            undeleted.addAll(result.failedKeys());
            outage = !result.failedKeys().isEmpty();
            if (result.failureReason() != null) {
                error = result.failureReason();
            }
        }

        private Duration patience() {
            Duration patience = outage ? Duration.ZERO : cache.invalidationPatience();
            if (deadlineNanos == Long.MAX_VALUE) {
                return patience;
            }
            Duration left = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
            return left.compareTo(patience) < 0 ? left : patience;
        }

        /** Every name written, and the count. */
        long requested() {
            return requestedNames + 1;
        }

        long failed() {
            return undeleted.size();
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
