package dev.bindery.internal;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/** Which JDBC driver artifact serves a URL, so that a missing driver is reported with the dependency to add. */
public final class JdbcDrivers {
    /** SQLState of "SQL client unable to establish SQL connection". */
    static final String CANNOT_CONNECT = "08001";

    private JdbcDrivers() {
    }

    /** Whether a driver on the classpath accepts {@code url}. */
    public static boolean hasDriverFor(String url) {
        try {
            return DriverManager.getDriver(url) != null;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The Maven coordinates of the driver for {@code url}'s database, or {@code null} for one Bindery does not know. */
    public static String artifactFor(String url) {
        String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) {
            return "org.postgresql:postgresql";
        }
        if (u.startsWith("jdbc:mariadb:")) {
            return "org.mariadb.jdbc:mariadb-java-client";
        }
        if (u.startsWith("jdbc:mysql:")) {
            return "com.mysql:mysql-connector-j (or org.mariadb.jdbc:mariadb-java-client with permitMysqlScheme)";
        }
        if (u.startsWith("jdbc:h2:")) {
            return "com.h2database:h2";
        }
        if (u.startsWith("jdbc:oracle:")) {
            return "com.oracle.database.jdbc:ojdbc11";
        }
        if (u.startsWith("jdbc:sqlserver:")) {
            return "com.microsoft.sqlserver:mssql-jdbc";
        }
        return null;
    }

    /** The failure of a bind whose URL no driver on the classpath accepts; it names the artifact to add. */
    public static SQLException noDriver(String key, String url) {
        String artifact = artifactFor(url);
        return new SQLException("No JDBC driver on the classpath accepts the URL of bind '" + key + "' ("
                + Secrets.maskUrl(url) + "): " + (artifact == null
                ? "add the JDBC driver of this database to the application's dependencies"
                : "add " + artifact + " to the application's dependencies"), CANNOT_CONNECT);
    }
}
