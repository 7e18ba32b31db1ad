package dev.userfunctions.benchmarks;

import dev.userfunctions.embedded.Pause;
import dev.userfunctions.users.User;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.UserEvents;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The real repository, counting lookups and adding a modelled 20 ms of network. */
final class SlowRepository extends UserRepository {

    private final AtomicInteger loads;

    SlowRepository(MongoTemplate template, AtomicInteger loads) {
        super(template, UserEvents.NONE);
        this.loads = loads;
    }

    @Override
    public Optional<User> findByName(String name) {
        loads.incrementAndGet();
        Pause.of(Duration.ofMillis(20));
        return super.findByName(name);
    }

}
