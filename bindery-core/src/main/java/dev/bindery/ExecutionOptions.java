package dev.bindery;

import dev.bindery.config.TransactionIsolation;
import java.time.Duration;

/**
 * Execution options of a derived bind: an existing bind with another isolation level, read-only flag, auto-commit
 * mode, schema or statement timeout, sharing the bind's pool. Options are applied when a connection is taken and
 * undone when it is returned. A {@code null} component means "keep the bind's own setting".
 */
public record ExecutionOptions(TransactionIsolation isolation, Boolean readOnly, Boolean autoCommit, String schema,
                               Duration statementTimeout) {

    /** No option changed: the bind's own settings. */
    public static final ExecutionOptions NONE = new ExecutionOptions(null, null, null, null, null);

    public ExecutionOptions {
        if (statementTimeout != null && (statementTimeout.isNegative() || statementTimeout.isZero())) {
            throw new BindConfigException(java.util.List.of(new BindConfigException.Problem(null, "statementTimeout",
                    "must be positive, was " + statementTimeout)));
        }
    }

    /** Whether no option is set. */
    public boolean isEmpty() {
        return isolation == null && readOnly == null && autoCommit == null && schema == null && statementTimeout == null;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link ExecutionOptions}. */
    public static final class Builder {
        private TransactionIsolation isolation;
        private Boolean readOnly;
        private Boolean autoCommit;
        private String schema;
        private Duration statementTimeout;

        public Builder isolation(TransactionIsolation isolation) {
            this.isolation = isolation;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        public Builder autoCommit(boolean autoCommit) {
            this.autoCommit = autoCommit;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** Sets the query timeout of every statement created on the connection; it must be positive. */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
            return this;
        }

        public ExecutionOptions build() {
            return new ExecutionOptions(isolation, readOnly, autoCommit, schema, statementTimeout);
        }
    }
}
