package dev.userfunctions.users.config;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A value Spring cannot convert is explained by its setting's declaration, found among
 * the application's bound settings records.
 */
class SettingsFailureAnalyzerTest {

    @Test
    void anUnconvertibleValueIsExplainedByItsDeclaration() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("cache", new RootBeanDefinition(CacheProperties.class));
        BindException failure = catchThrowableOfType(BindException.class,
                () -> new Binder(new MapConfigurationPropertySource(Map.of("cache.ttl", "abc"))).bind("cache",
                        CacheProperties.class));

        FailureAnalysis analysis = new SettingsFailureAnalyzer(beans).analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
            .isEqualTo("CACHE_TTL=abc is not allowed: " + CacheProperties.TTL.allowed());
    }

}
