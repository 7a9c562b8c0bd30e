package dev.bindery.spi;

import javax.sql.DataSource;

/** Called once when a bind's pool starts (on its first connection). */
@FunctionalInterface
public interface PoolListener {
    void poolStarted(String key, DataSource dataSource);
}
