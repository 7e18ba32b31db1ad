package dev.userfunctions.users.config;

import dev.userfunctions.cache.CacheSettings;

/**
 * Adjusts the users cache's settings for one kind of process, after the bound properties
 * are applied: the local server, which serves concurrent requests, adds single-flight
 * with one. Beans of this type are applied in order.
 */
@FunctionalInterface
public interface CacheSettingsCustomizer {

    /** The settings this kind of process runs with, given those before it. */
    CacheSettings customize(CacheSettings settings);

}
