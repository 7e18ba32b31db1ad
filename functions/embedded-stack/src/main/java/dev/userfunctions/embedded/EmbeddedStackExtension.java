package dev.userfunctions.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link EmbeddedStack} per test JVM, shared by every test class that uses it,
 * closed when the test run ends. Inject it as a parameter ({@code EmbeddedStack}, {@code EmbeddedRedisCluster}
 * or {@code EmbeddedMongo}) of a test, constructor or lifecycle method.
 *
 * <p>Tests that break the shared stack on purpose (stopping nodes) must put it back as they found it;
 * fault drills that kill nodes should start a stack of their own instead.
 */
public final class EmbeddedStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedStackExtension.class);

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

    /** The shared stack, started on first use. */
    public static EmbeddedStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(EmbeddedStack.class, key -> EmbeddedStack.start(), EmbeddedStack.class);
    }
}
