package dev.bindery.config;

/** The built-in ways of spreading reads over a group's replicas. */
public enum Balancing {
    ROUND_ROBIN("round-robin"), RANDOM("random"), WEIGHTED("weighted"), LEAST_BUSY("least-busy");

    private final String configName;

    Balancing(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration. */
    public String configName() {
        return configName;
    }
}
