package dev.userfunctions.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link EmbeddedStack} per test JVM, shared by every test class
 * that uses it, closed when the test run ends. Inject it as a parameter
 * ({@code EmbeddedStack}, {@code EmbeddedRedisCluster} or {@code EmbeddedMongo}) of a
 * test, constructor or lifecycle method.
 *
 * <p>
 * Tests that break the shared stack on purpose (stopping nodes) must put it back as they
 * found it; fault drills that kill nodes should start a stack of their own instead.
 */
public final class EmbeddedStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
        .create(EmbeddedStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedStack.class || type == EmbeddedRedisCluster.class || type == EmbeddedMongo.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedStack stack = stack(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == EmbeddedRedisCluster.class) {
            return stack.redis();
        }
        if (type == EmbeddedMongo.class) {
            return stack.mongo();
        }
        return stack;
    }

    /** The shared stack, started on first use; closed when the test run ends. */
    public static EmbeddedStack stack(ExtensionContext context) {
        return context.getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(EmbeddedStack.class, key -> new SharedStack(shared()), SharedStack.class)
            .stack();
    }

    /**
     * The same shared stack for code that runs before any extension context exists, such
     * as a Spring {@code @DynamicPropertySource} method. Closed by the JVM shutdown hook
     * if no extension closes it first.
     */
    public static synchronized EmbeddedStack shared() {
        if (shared == null) {
            shared = EmbeddedStack.start();
        }
        return shared;
    }

    private static EmbeddedStack shared;

    private record SharedStack(EmbeddedStack stack) implements AutoCloseable {
        @Override
        public void close() {
            synchronized (EmbeddedStackExtension.class) {
                stack.close();
                shared = null;
            }
        }
    }

}
