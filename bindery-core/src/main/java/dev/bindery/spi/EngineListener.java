package dev.bindery.spi;

import javax.sql.DataSource;

/** Called once when a bind's pool starts (on its first connection). */
@FunctionalInterface
public interface EngineListener {
    void engineCreated(String key, DataSource dataSource);
}
