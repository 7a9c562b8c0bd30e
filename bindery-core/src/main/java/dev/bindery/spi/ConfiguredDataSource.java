package dev.bindery.spi;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The parts of {@link DataSource} that are the same for every Bindery data source: credentials come from the bind
 * configuration, logging goes through SLF4J, and login timeouts are the pool's connection timeout.
 */
public abstract class ConfiguredDataSource implements DataSource {

    /** Bindery data sources use each bind's configured credentials. */
    @Override
    public final Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException(this + " uses each bind's configured credentials; "
                + "set username and password on the bind instead.");
    }

    @Override
    public final PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public final void setLogWriter(PrintWriter out) {
        // Bindery logs through SLF4J
    }

    @Override
    public final void setLoginTimeout(int seconds) {
        // the pool's connectionTimeout applies
    }

    @Override
    public final int getLoginTimeout() {
        return 0;
    }

    @Override
    public final Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Bindery logs through SLF4J");
    }
}
