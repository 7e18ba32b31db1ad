package dev.userfunctions.aws;

import dev.userfunctions.aws.edge.FunctionHandler;
import dev.userfunctions.aws.edge.Route;
import dev.userfunctions.aws.secrets.SecretsManagerCredentials;
import dev.userfunctions.aws.secrets.SecretsSettings;
import dev.userfunctions.aws.telemetry.EmfMetrics;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import dev.userfunctions.aws.telemetry.LambdaLogging;
import dev.userfunctions.aws.telemetry.MetricsProperties;
import dev.userfunctions.users.config.Credentials;
import dev.userfunctions.users.config.InvalidSettingException;
import dev.userfunctions.users.config.ProcessSettings;
import dev.userfunctions.users.config.SettingSource;
import dev.userfunctions.users.config.Telemetry;
import dev.userfunctions.users.config.UsersRuntime;
import dev.userfunctions.users.config.UsersSettings;
import dev.userfunctions.users.snapstart.SnapStartHooks;
import dev.userfunctions.users.snapstart.SnapStartPriming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.function.Function;

/**
 * What a Lambda execution environment builds once, in its init phase, before its
 * function's handler can answer: JSON logs, the settings read from the process (a value
 * that is not allowed fails the init with the line the local server prints), the
 * credentials (from AWS Secrets Manager when configured), the meters EMF writes, the
 * shared {@link UsersRuntime}, and the SnapStart hooks. No application context and no
 * framework adapter: a new environment pays only for what its answers use.
 */
public final class ExecutionEnvironment {

    private static final Logger log = LoggerFactory.getLogger(ExecutionEnvironment.class);

    /**
     * Reads events and writes answers and EMF documents, for every function: Jackson's
     * shared mapper, whose caches the cache's value codec shares.
     */
    private static final JsonMapper JSON = JsonMapper.shared();

    private final ProcessSettings settings;

    /** Null without metrics. */
    private final EmfMetrics emf;

    private final UsersRuntime users;

    /** Held here: org.crac's global context may hold its resources weakly. */
    private SnapStartHooks snapStartHooks;

    private ExecutionEnvironment(ProcessSettings settings, EmfMetrics emf, UsersRuntime users) {
        this.settings = settings;
        this.emf = emf;
        this.users = users;
    }

    /**
     * The init phase's shared work, from this process's environment.
     * @throws InvalidSettingException naming the variable, for a value not allowed
     */
    static ExecutionEnvironment start() {
        ProcessSettings settings = ProcessSettings.current();
        try {
            LambdaLogging.configure(settings);
            UsersSettings users = UsersSettings.from(settings);
            MetricsProperties metrics = MetricsProperties.from(settings);
            Credentials credentials = SecretsManagerCredentials.of(SecretsSettings.from(settings),
                    Credentials.fromSettings(users.mongo(), users.redis()), users.redis().username());
            EmfMetrics emf = metrics.enabled() ? new EmfMetrics(JSON, metrics.namespace()) : null;
            return new ExecutionEnvironment(settings, emf, UsersRuntime.open(users, credentials,
                    emf == null ? Telemetry.none() : new Telemetry.Events(emf, emf), List.of()));
        }
        catch (InvalidSettingException e) {
            log.error(refusedLine(e));
            throw e;
        }
    }

    /**
     * One of the function's own settings records (such as seedUsers' time budget), read
     * as the shared ones are.
     * @param record reads the record from the settings, such as
     * {@code SeedProperties::from}
     * @throws InvalidSettingException naming the variable, for a value not allowed
     */
    public <T> T setting(Function<SettingSource, T> record) {
        try {
            return record.apply(settings);
        }
        catch (InvalidSettingException e) {
            log.error(refusedLine(e));
            throw e;
        }
    }

    /** The line a refused setting is logged with, as the local server prints it. */
    private static String refusedLine(InvalidSettingException refused) {
        return refused.getMessage() + " (set it to an allowed value, or unset it for the default)";
    }

    /** MongoDB, the repository and the users cache. */
    public UsersRuntime users() {
        return users;
    }

    /** The function named {@code function}, answering on {@code route}, observed. */
    FunctionHandler handler(String function, Route route) {
        InvocationTelemetry telemetry = new InvocationTelemetry(emf, function);
        return new FunctionHandler(route, JSON, telemetry);
    }

    /**
     * The end of the init phase: the SnapStart hooks registered (priming runs the handler
     * on {@code primingEvents} before the snapshot; they must write no user data), then a
     * wait of at most the start-up wait for the Redis Cluster connection, so that the
     * first invocation is served through the cache.
     */
    void ready(FunctionHandler handler, List<String> primingEvents) {
        snapStartHooks = new SnapStartHooks(users.mongo(), users.cache(),
                primingEvents.stream().<SnapStartPriming>map(event -> () -> handler.prime(event)).toList());
        users.cache().awaitStartup();
    }

}
