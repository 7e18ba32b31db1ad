package dev.userfunctions.seedusers;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.cache.CacheOutcome;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.CacheAside;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.countusers.CountUsersFunction;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.EmbeddedStackExtension;
import dev.userfunctions.getuser.GetUserFunction;
import dev.userfunctions.users.SeedBatch;
import dev.userfunctions.users.SeedResult;
import dev.userfunctions.users.User;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserEvents;
import dev.userfunctions.users.UserCount;
import dev.userfunctions.users.UserRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "No answer is older than the last completed write", across processes: a reading
 * instance and a writing instance, each with its own MongoDB client and Redis Cluster
 * connection (as two Lambda functions are), on one embedded stack. The reader's MongoDB
 * answer is held <em>after</em> the query has answered and before it reaches the cache,
 * until the writer's seed has returned; every read that starts after that must see the
 * seed.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ReadYourWritesIT {

    private static final int ROUNDS = 50;

    private static Instance reader;

    private static Instance writer;

    @BeforeAll
    static void start(EmbeddedStack stack) {
        reader = new Instance(stack);
        writer = new Instance(stack);
    }

    @AfterAll
    static void stop() {
        reader.close();
        writer.close();
    }

    @Test
    void aUserCreatedBySeedIsNeverServedAsNotFoundAfterTheSeedReturned() throws Exception {
        assertNoRoundReadsStale("created", prefix -> {
            String name = prefix + "0";
            Answer late = reader.getUserWhileHeld(name, () -> writer.seed(prefix, 0, 1), false);
            assertThat(status(late)).as("the held read ran during the seed: old or new answer").isIn(200, 404);
            Answer after = reader.getUser(name);
            return status(after) == 200 ? List.of() : List.of(described(name, after));
        });
    }

    @Test
    void aRewrittenUserIsNeverServedWithItsOldValueAfterTheSeedReturned() throws Exception {
        assertNoRoundReadsStale("rewritten", prefix -> {
            String name = prefix + "10";
            writer.seed(prefix, 10, 1); // age 10
            // The held read loads while the second seed writes age 0.
            Answer late = reader.getUserWhileHeld(name, () -> writer.seed(prefix + "1", 0, 1), false);
            assertThat(status(late)).isEqualTo(200);
            Answer after = reader.getUser(name);
            return after.body() instanceof User user && user.age() == 0 ? List.of() : List.of(described(name, after));
        });
    }

    @Test
    void aCallerThatJoinsAHeldLoadAfterTheSeedReturnedGetsTheNewValue() throws Exception {
        assertNoRoundReadsStale("joined", prefix -> {
            String name = prefix + "0";
            Answer joiner = reader.getUserWhileHeld(name, () -> writer.seed(prefix, 0, 1), true);
            Answer after = reader.getUser(name);
            List<String> stale = new ArrayList<>();
            if (status(joiner) != 200) {
                stale.add(described(name, joiner));
            }
            if (status(after) != 200) {
                stale.add(name + " afterwards -> " + after.body());
            }
            return stale;
        });
    }

    @Test
    void theCountIsNeverServedOlderThanTheLastSeed() throws Exception {
        assertNoRoundReadsStale("counted", prefix -> {
            // So that the held count is a miss.
            writer.seed("un" + prefix, 0, 1);
            reader.countWhileHeld(() -> writer.seed(prefix, 0, 1));
            long expected = writer.repository.count().total();
            UserCount after = (UserCount) reader.count().body();
            return after.total() == expected ? List.of()
                    : List.of(prefix + ": " + after.total() + " instead of " + expected);
        });
    }

    /**
     * One round: a seed under the prefix given, and the reads it checks; the stale ones.
     */
    @FunctionalInterface
    private interface Round {

        List<String> staleReads(String prefix) throws Exception;

    }

    private static void assertNoRoundReadsStale(String kind, Round round) throws Exception {
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            stale.addAll(round.staleReads(kind + i + "_"));
        }
        assertThat(stale).as("reads that started after seedUsers returned").isEmpty();
    }

    private static String described(String name, Answer answer) {
        return name + " -> " + answer.body() + " (X-Cache " + answer.cacheOutcome().orElse(null) + ")";
    }

    @Test
    void aSeedWhoseThirdBatchFailsLeavesNoStaleEntryForWhatItWrote() {
        String prefix = "partial_";
        List<String> names = List.of(prefix + "5", prefix + "1500", prefix + "2100", prefix + "2900");
        names.forEach(name -> assertThat(status(reader.getUser(name))).as("cached as not found").isEqualTo(404));
        names.forEach(name -> assertThat(reader.getUser(name).cacheOutcome()).contains(CacheOutcome.HIT));
        long before = ((UserCount) reader.count().body()).total();
        writer.repository.failBatchFrom = 2000; // writes half of the third batch, then
                                                // fails

        Answer answer = writer.seedAnswer(prefix, 0, 3000);

        assertThat(status(answer)).isEqualTo(503);
        assertThat(status(reader.getUser(prefix + "5"))).as("first batch").isEqualTo(200);
        assertThat(status(reader.getUser(prefix + "1500"))).as("second batch").isEqualTo(200);
        assertThat(status(reader.getUser(prefix + "2100"))).as("the part of the failed batch that landed")
            .isEqualTo(200);
        assertThat(status(reader.getUser(prefix + "2900"))).as("never written").isEqualTo(404);
        assertThat(((UserCount) reader.count().body()).total()).isEqualTo(before + 2500);
    }

    private static int status(Answer answer) {
        return answer.status();
    }

    /**
     * One function environment: its own MongoDB client, Redis Cluster connection and
     * functions.
     */
    private static final class Instance implements AutoCloseable {

        private final MongoClient mongo;

        private final HeldRepository repository;

        private final UserCache cache;

        private final GetUserFunction getUser;

        private final SeedUsersFunction seedUsers;

        private final CountUsersFunction countUsers;

        Instance(EmbeddedStack stack) {
            mongo = MongoClients.create(stack.mongoUri());
            repository = new HeldRepository(new MongoTemplate(mongo, "readyourwrites"));
            CacheAside redis = CacheAside.open(RedisClusterSettings.builder().seeds(stack.redisSeeds()).build(),
                    CacheSettings.named("users").withSingleFlight(true), new SimpleMeterRegistry());
            assertThat(redis.awaitStartup()).as("connected to the embedded Redis Cluster").isTrue();
            cache = UserCache.over(redis, UserCache.DEFAULT_COUNT_TTL);
            getUser = new GetUserFunction(repository, cache);
            seedUsers = new SeedUsersFunction(repository, cache);
            countUsers = new CountUsersFunction(repository, cache);
        }

        Answer getUser(String name) {
            return getUser.answer(name);
        }

        Answer count() {
            return countUsers.answer();
        }

        void seed(String prefix, int start, int count) {
            Answer answer = seedAnswer(prefix, start, count);
            assertThat(answer.status()).as("seed answer %s", answer.body()).isEqualTo(200);
        }

        Answer seedAnswer(String prefix, int start, int count) {
            String body = "{\"prefix\": \"" + prefix + "\", \"start\": " + start + ", \"count\": " + count + "}";
            return seedUsers.answer(body.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Reads {@code name} with its MongoDB answer held until {@code write} has
         * returned. With {@code join}, a second caller starts after the write returned,
         * while the first is still held, and its answer is returned.
         */
        Answer getUserWhileHeld(String name, Runnable write, boolean join) throws Exception {
            Hold hold = repository.holdNextRead();
            CompletableFuture<Answer> held = CompletableFuture.supplyAsync(() -> getUser(name));
            assertThat(hold.answered.await(10, TimeUnit.SECONDS)).as("MongoDB answered the held read").isTrue();
            write.run();
            CompletableFuture<Answer> joiner = null;
            if (join) {
                Thread[] thread = new Thread[1];
                joiner = CompletableFuture.supplyAsync(() -> {
                    thread[0] = Thread.currentThread();
                    return getUser(name);
                });
                await().atMost(Duration.ofSeconds(5))
                    .until(() -> thread[0] != null && waitsOnAnotherCallersLoad(thread[0]));
            }
            hold.release.countDown();
            Answer first = held.get(10, TimeUnit.SECONDS);
            return join ? joiner.get(10, TimeUnit.SECONDS) : first;
        }

        void countWhileHeld(Runnable write) throws Exception {
            Hold hold = repository.holdNextRead();
            CompletableFuture<Answer> held = CompletableFuture.supplyAsync(this::count);
            assertThat(hold.answered.await(10, TimeUnit.SECONDS)).as("MongoDB answered the held count").isTrue();
            write.run();
            hold.release.countDown();
            held.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            cache.close();
            mongo.close();
        }

    }

    /** Parked on the single-flight of another caller's load in this JVM. */
    private static boolean waitsOnAnotherCallersLoad(Thread thread) {
        return thread.getState() == Thread.State.WAITING && Arrays.stream(thread.getStackTrace())
            .anyMatch(frame -> frame.getClassName().endsWith("LocalFlights") && frame.getMethodName().equals("await"));
    }

    private record Hold(CountDownLatch answered, CountDownLatch release) {
    }

    /**
     * The repository, with a way to hold the next read's answer after MongoDB has given
     * it, and to fail the bulk write of the batch starting at {@code failBatchFrom} after
     * half of it has been written.
     */
    private static final class HeldRepository extends UserRepository {

        private volatile Hold next;

        private volatile long failBatchFrom = -1;

        HeldRepository(MongoTemplate mongo) {
            super(mongo, UserEvents.NONE);
        }

        Hold holdNextRead() {
            Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
            next = hold;
            return hold;
        }

        @Override
        public Optional<User> findByName(String name) {
            return held(() -> super.findByName(name));
        }

        @Override
        public SeedResult upsertBatch(SeedBatch batch) {
            if (batch.from() == failBatchFrom) {
                failBatchFrom = -1;
                super.upsertBatch(
                        new SeedBatch(batch.prefix(), batch.from(), batch.from() + (batch.to() - batch.from()) / 2));
                throw new DataAccessResourceFailureException("Timed out waiting for the bulk write (injected)");
            }
            return super.upsertBatch(batch);
        }

        @Override
        public UserCount count() {
            return held(super::count);
        }

        private <T> T held(Supplier<T> read) {
            T answer = read.get();
            Hold hold = next;
            if (hold != null) {
                next = null;
                hold.answered.countDown();
                try {
                    hold.release.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        }

    }

}
