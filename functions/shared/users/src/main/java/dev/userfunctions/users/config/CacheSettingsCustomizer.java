package dev.userfunctions.users.config;

import dev.userfunctions.cache.CacheSettings;

/**
 * Adjusts the users cache's settings for one kind of process, after the bound properties
 * are applied: the local server, which serves concurrent requests, turns single-flight
 * on. Beans of this type are applied in order.
 */
@FunctionalInterface
public interface CacheSettingsCustomizer {

    /**
     * The settings this kind of process runs with: those given, changed with their
     * {@code with} methods; never null.
     */
    CacheSettings customize(CacheSettings settings);

}
