package dev.bindery.config;

import java.sql.Connection;

/** JDBC transaction isolation levels, as a type rather than an int. */
public enum TransactionIsolation {
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    TransactionIsolation(int jdbcLevel) {
        this.jdbcLevel = jdbcLevel;
    }

    /** The {@code java.sql.Connection.TRANSACTION_*} constant. */
    public int jdbcLevel() {
        return jdbcLevel;
    }
}
