package org.ecgstream.bridge.config;

/** A configuration key of the bridge: its name in the config file, its default (empty: none) and what it means. */
public record ConfigKey(String name, String defaultValue, String description) {}
