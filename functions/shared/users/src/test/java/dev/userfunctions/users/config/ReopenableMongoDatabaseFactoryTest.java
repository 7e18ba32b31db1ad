package dev.userfunctions.users.config;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The factory SnapStart suspends and resumes: resume replaces only a suspended client, so
 * a second resume leaks none, and every client it made is closed once.
 */
class ReopenableMongoDatabaseFactoryTest {

    private final List<MongoClient> made = new ArrayList<>();

    private final ReopenableMongoDatabaseFactory factory = new ReopenableMongoDatabaseFactory(() -> {
        MongoClient client = mock(MongoClient.class);
        made.add(client);
        return client;
    }, "somedb", () -> false);

    @Test
    void aResumeWithoutASuspendKeepsTheOpenClient() {
        factory.resume();

        assertThat(made).hasSize(1);
        verify(made.get(0), never()).close();
    }

    @Test
    void aSuspendClosesTheClientOnceAndAResumeOpensANewOne() {
        factory.suspend();
        factory.suspend();
        factory.resume();
        factory.close();

        assertThat(made).hasSize(2);
        verify(made.get(0)).close();
        verify(made.get(1)).close();
    }

}
