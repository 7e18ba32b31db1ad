package dev.userfunctions.users.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of a process without an application context (a Lambda handler): a system
 * property by the property's name ({@code -Dcache.ttl=60}), else the environment variable
 * users set ({@code CACHE_TTL}), in that order, as a Spring environment orders them.
 */
public final class ProcessSettings implements SettingSource {

    private final Map<String, String> environment;

    private final Properties systemProperties;

    ProcessSettings(Map<String, String> environment, Properties systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /** This process's environment variables and system properties. */
    public static ProcessSettings current() {
        return new ProcessSettings(System.getenv(), System.getProperties());
    }

    @Override
    public String get(String property) {
        String value = systemProperties.getProperty(property);
        return value != null ? value : environment.get(SettingSource.variableOf(property));
    }

    /**
     * The settings under {@code prefix}, by the rest of their name, as Spring Boot maps
     * them: {@code LOGGING_LEVEL_ORG_MONGODB_DRIVER} and
     * {@code -Dlogging.level.org.mongodb.driver} are both {@code org.mongodb.driver}
     * under {@code logging.level}; a system property wins.
     */
    public Map<String, String> under(String prefix) {
        Map<String, String> found = new TreeMap<>();
        String variablePrefix = SettingSource.variableOf(prefix) + "_";
        environment.forEach((variable, value) -> {
            if (variable.startsWith(variablePrefix) && variable.length() > variablePrefix.length()) {
                found.put(variable.substring(variablePrefix.length()).replace('_', '.').toLowerCase(Locale.ROOT),
                        value);
            }
        });
        systemProperties.stringPropertyNames()
            .stream()
            .filter(name -> name.startsWith(prefix + ".") && name.length() > prefix.length() + 1)
            .forEach(name -> found.put(name.substring(prefix.length() + 1), systemProperties.getProperty(name)));
        return found;
    }

}
