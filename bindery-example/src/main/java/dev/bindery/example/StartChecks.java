package dev.bindery.example;

import dev.bindery.spi.Role;
import dev.bindery.BindConfig;
import dev.bindery.Binds;
import java.net.BindException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * What the demo checks before it builds anything on its binds, so that the first mistakes of a new user are reported
 * at once, with their cause first: a primary that does not answer (a mistyped database name would otherwise wait for
 * the pool's 30 s timeout and end in Hibernate's "Unable to determine Dialect"), and a port that is taken.
 */
final class StartChecks {
    private StartChecks() {
    }

    /**
     * Connects once to every primary, directly through its JDBC driver (no pool, so no wait for the pool's timeout).
     *
     * @throws DemoStartException naming the bind and the database's own message if one does not answer
     */
    static void primariesAnswer(Binds binds) {
        for (String key : binds.keys()) {
            BindConfig config = binds.config(key);
            if (config.role() != Role.PRIMARY) {
                continue;
            }
            Properties props = new Properties();
            props.putAll(config.driverProperties());
            if (config.username() != null) {
                props.setProperty("user", config.username());
            }
            if (config.password() != null) {
                props.setProperty("password", config.password());
            }
            try (Connection c = DriverManager.getConnection(config.url(), props)) {
                c.isValid(5);
            } catch (SQLException e) {
                String said = String.valueOf(e.getMessage()).strip();
                if (config.password() != null && !config.password().isEmpty()) {
                    said = said.replace(config.password(), "****");
                }
                throw new DemoStartException("Bind '" + key + "' does not answer: " + said + "\n"
                        + "  Its URL is " + config.maskedUrl() + ". Check it, the user and the password: BINDERY_URL "
                        + "(BINDERY_BINDS_<KEY>_URL for another bind) in the environment, or bindery.url in the "
                        + "-Dbindery.config file; unset both to run on the embedded H2.", null);
            }
        }
    }

    /** The error for a server that could not listen on {@code port}, or {@code null} when {@code e} is another failure. */
    static DemoStartException portTaken(RuntimeException e, int port) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return new DemoStartException("Port " + port + " is already in use by another process.\n"
                        + "  Start the demo on another port: -Dport=8080 (or PORT=8080 in the environment); "
                        + "-Dport=0 picks a free one.", e);
            }
        }
        return null;
    }
}
