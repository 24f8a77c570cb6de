package org.ecgstream.dashboard.config;

/** A configuration key of the dashboard: its name in the config file, its default (empty: none) and what it means. */
public record ConfigKey(String name, String defaultValue, String description) {}
