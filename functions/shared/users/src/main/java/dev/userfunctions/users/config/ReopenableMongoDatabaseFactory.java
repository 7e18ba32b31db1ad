package dev.userfunctions.users.config;

import com.mongodb.ClientSessionOptions;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerType;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoExceptionTranslator;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The MongoDB client behind the template, replaceable. A {@link MongoClient} cannot be
 * reopened once closed, and its sockets must not outlive a SnapStart snapshot:
 * {@link #suspend()} closes the client before the checkpoint, {@link #resume()} puts a
 * fresh one behind the same factory after the restore, so the template and everything
 * built on it carry on unchanged.
 */
public final class ReopenableMongoDatabaseFactory implements MongoDatabaseFactory, AutoCloseable {

    private final Supplier<MongoClient> clients;

    private final BooleanSupplier newCredentialsAfterRefusal;

    private final String database;

    private volatile MongoClient client;

    private volatile SimpleMongoClientDatabaseFactory current;

    /**
     * Whether the client was closed (or none was made yet): only then does resume open
     * one.
     */
    private boolean suspended = true;

    /**
     * @param newCredentialsAfterRefusal asked when MongoDB refused the credentials
     * (authentication failed): true when the clients supplier now connects with new ones
     */
    public ReopenableMongoDatabaseFactory(Supplier<MongoClient> clients, String database,
            BooleanSupplier newCredentialsAfterRefusal) {
        this.clients = clients;
        this.database = database;
        this.newCredentialsAfterRefusal = newCredentialsAfterRefusal;
        resume();
    }

    /**
     * Authentication failed: the driver's security exception, or the server's code 18.
     */
    static boolean refusedCredentials(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoSecurityException
                    || cause instanceof MongoCommandException command && command.getErrorCode() == 18) {
                return true;
            }
        }
        return false;
    }

    /**
     * Spring's translation, after reconnecting with new credentials when MongoDB refused
     * the old ones: the template asks this about every failure.
     */
    private DataAccessException translate(RuntimeException failure) {
        if (refusedCredentials(failure) && newCredentialsAfterRefusal.getAsBoolean()) {
            reopen();
        }
        return MongoExceptionTranslator.DEFAULT_EXCEPTION_TRANSLATOR.translateExceptionIfPossible(failure);
    }

    /** Replaces the client with one built from the current credentials. */
    private synchronized void reopen() {
        suspend();
        resume();
    }

    /**
     * Closes the client and its connections; the next operation fails until
     * {@link #resume()}.
     */
    public synchronized void suspend() {
        if (!suspended) {
            client.close();
            suspended = true;
        }
    }

    /**
     * A fresh client, if the current one was suspended (or there is none yet); an open
     * one is kept.
     */
    public synchronized void resume() {
        if (suspended) {
            client = clients.get();
            current = new SimpleMongoClientDatabaseFactory(client, database);
            suspended = false;
        }
    }

    /**
     * True when the client talks to a mongos router, as the driver discovered it (no
     * command sent): the sharded case, where per-shard counts exist.
     */
    public boolean connectedToRouter() {
        return client.getClusterDescription()
            .getServerDescriptions()
            .stream()
            .anyMatch(server -> server.getType() == ServerType.SHARD_ROUTER);
    }

    /**
     * What the driver has discovered of the deployment: its type and servers (no command
     * sent).
     */
    public ClusterDescription clusterDescription() {
        return client.getClusterDescription();
    }

    @Override
    public MongoDatabase getMongoDatabase() throws DataAccessException {
        return current.getMongoDatabase();
    }

    @Override
    public MongoDatabase getMongoDatabase(String name) throws DataAccessException {
        return current.getMongoDatabase(name);
    }

    @Override
    public PersistenceExceptionTranslator getExceptionTranslator() {
        return this::translate;
    }

    @Override
    public ClientSession getSession(ClientSessionOptions options) {
        return current.getSession(options);
    }

    @Override
    public MongoDatabaseFactory withSession(ClientSession session) {
        return current.withSession(session);
    }

    @Override
    public void close() {
        suspend();
    }

}
