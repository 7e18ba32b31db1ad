package dev.userfunctions.benchmarks;

import dev.userfunctions.embedded.Pause;
import dev.userfunctions.users.User;
import dev.userfunctions.users.UserRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The real repository, counting lookups and adding a modelled 20 ms of network. */
final class SlowRepository extends UserRepository {

    private final AtomicInteger loads;

    SlowRepository(MongoTemplate template, AtomicInteger loads) {
        super(template, new SimpleMeterRegistry());
        this.loads = loads;
    }

    @Override
    public Optional<User> findByName(String name) {
        loads.incrementAndGet();
        Pause.of(Duration.ofMillis(20));
        return super.findByName(name);
    }

}
