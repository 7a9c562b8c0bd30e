package dev.bindery.test.internal;

import dev.bindery.test.MariaDbDatabase;
import dev.bindery.test.LocalMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/** The JUnit 5 extension behind {@link LocalMariaDb}: a fresh database per class, dropped afterwards. */
public final class MariaDbExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MariaDbExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        String host = System.getProperty("bindery.mariadb.host", "127.0.0.1");
        int port = Integer.getInteger("bindery.mariadb.port", 3306);
        String simple = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String database = ("t_" + simple).substring(0, Math.min(simple.length() + 2, 50)) + "_"
                + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        MariaDbDatabase db = new MariaDbDatabase(host, port, database);
        try (Connection c = admin(db); Statement st = c.createStatement()) {
            st.execute("create database `" + database + "`");
        } catch (SQLException e) {
            unavailable(db, e);
        }
        context.getStore(NAMESPACE).put(MariaDbDatabase.class, db);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        MariaDbDatabase db = context.getStore(NAMESPACE).remove(MariaDbDatabase.class, MariaDbDatabase.class);
        if (db != null) {
            try (Connection c = admin(db); Statement st = c.createStatement()) {
                st.execute("drop database if exists `" + db.database() + "`");
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MariaDbDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        MariaDbDatabase db = extensionContext.getStore(NAMESPACE).get(MariaDbDatabase.class, MariaDbDatabase.class);
        if (db == null) {
            throw new ExtensionConfigurationException("A MariaDbDatabase parameter needs @LocalMariaDb on the test class.");
        }
        return db;
    }

    private static Connection admin(MariaDbDatabase db) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + db.host() + ":" + db.port()
                + "/?user=root&connectTimeout=3000");
    }

    private static void unavailable(MariaDbDatabase db, SQLException e) {
        String cause = e.getMessage();
        String message;
        if (cause != null && cause.contains("No suitable driver")) {
            message = "@LocalMariaDb needs the MariaDB JDBC driver: add the test dependency "
                    + "org.mariadb.jdbc:mariadb-java-client.";
        } else {
            message = "No MariaDB server usable at " + db.host() + ":" + db.port() + " as root with an empty password ("
                    + cause + "). Start one, e.g. 'docker run -d -p 3306:3306 -e MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1 "
                    + "mariadb:11' or 'sudo apt-get install mariadb-server', or point -Dbindery.mariadb.host/port at one.";
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new ExtensionConfigurationException(message + " Failing because CI=true.", e);
        }
        throw new TestAbortedException(message + " Skipping (set CI=true to fail instead).", e);
    }
}
