package dev.bindery;

import dev.bindery.spi.Access;
import dev.bindery.status.BindState;
import dev.bindery.status.BindStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every way a JDBC URL carries a password, through every surface Bindery shows: {@code toString}, the status'
 * {@code lastError}, log lines, and the exceptions it throws with their whole cause chains. The binds point at
 * nothing that answers (port 1, or a database without a driver here), so each one fails in its own driver's way;
 * the MariaDB driver, for one, quotes the user-info password ({@code Incorrect port value : SECRET@127.0.0.1}).
 */
class SecretsInEveryUrlFormTest {
    private static final String SECRET = "Tiger-7f3a-secret";

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:mariadb://app:" + SECRET + "@127.0.0.1:1/app",
            "jdbc:mariadb://127.0.0.1:1/app?user=app&password=" + SECRET + "&connectTimeout=200",
            "jdbc:mariadb://address=(host=127.0.0.1)(port=1)(password=" + SECRET + ")/app?connectTimeout=200",
            "jdbc:mysql://address=(host=127.0.0.1)(port=1)(user=app)(password=" + SECRET + ")/app",
            "jdbc:mysql://(host=127.0.0.1,port=1,user=app,password=" + SECRET + ")/app",
            "jdbc:oracle:thin:scott/" + SECRET + "@127.0.0.1:1/app",
            "jdbc:oracle:thin:scott/" + SECRET + "@//127.0.0.1:1/app",
            "jdbc:postgresql://app:" + SECRET + "@127.0.0.1:1/app",
            "jdbc:sqlserver://127.0.0.1:1;databaseName=app;user=app;password=" + SECRET})
    void aPasswordInTheUrlNeverShowsInAnySurface(String url) throws Exception {
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(url).connectionTimeout(Duration.ofSeconds(1))
                        .healthCheckTimeout(Duration.ofMillis(250)).ejectAfterFailures(1))
                .build()) {
            String shown = binds.toString() + binds.config(Binds.DEFAULT) + binds.config(Binds.DEFAULT).maskedUrl()
                    + binds.dataSource(Binds.DEFAULT) + binds.routingDataSource();
            assertThat(shown).doesNotContain(SECRET).contains("****");

            Throwable direct = catchThrowable(() -> binds.dataSource(Binds.DEFAULT).getConnection().close());
            assertThat(direct).isInstanceOf(SQLException.class);
            assertNoSecretInChain(direct);

            binds.checkNow(Binds.DEFAULT);
            BindStatus status = binds.status(Binds.DEFAULT);
            assertThat(status.state()).isEqualTo(BindState.DOWN);
            assertThat(status.lastError()).isNotBlank().doesNotContain(SECRET);
            assertThat(status.toString()).doesNotContain(SECRET);

            Throwable unavailable = catchThrowable(() -> binds.router().route(Binds.DEFAULT, Access.WRITE));
            assertThat(unavailable).isInstanceOf(BindUnavailableException.class).hasMessageContaining("is down");
            assertNoSecretInChain(unavailable);

            Throwable token = catchThrowable(() -> binds.causalToken(Binds.DEFAULT));
            assertThat(token).isInstanceOf(BindUnavailableException.class);
            assertNoSecretInChain(token);

            Throwable routed = catchThrowable(() -> {
                try (BindScope s = BindContext.use(Binds.DEFAULT); Connection c = binds.routingDataSource().getConnection()) {
                    c.isValid(1);
                }
            });
            assertThat(routed).isNotNull();
            assertNoSecretInChain(routed);
        }
        String lines = log.toString(StandardCharsets.UTF_8);
        assertThat(lines).contains("Bind 'default' (primary) UP -> DOWN").doesNotContain(SECRET);
    }

    @org.junit.jupiter.api.Test
    void theMariaDbDriversEchoOfAUserInfoPasswordIsScrubbedFromTheCauseChain() {
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url("jdbc:mariadb://app:" + SECRET + "@127.0.0.1:1/app")
                        .connectionTimeout(Duration.ofSeconds(1)))
                .build()) {
            Throwable failure = catchThrowable(() -> binds.dataSource(Binds.DEFAULT).getConnection().close());
            assertThat(failure).isInstanceOf(java.sql.SQLTransientConnectionException.class);
            assertThat(failure.getCause()).isInstanceOf(SQLException.class)
                    .hasMessage("Incorrect port value : ****@127.0.0.1");
            assertThat(failure.getStackTrace()).isNotEmpty();
            assertNoSecretInChain(failure);
        }
    }

    @org.junit.jupiter.api.Test
    void withoutADriverGetConnectionThrowsAnSqlExceptionNamingTheArtifactToAdd() {
        String[][] cases = {
                {"jdbc:oracle:thin:scott/" + SECRET + "@127.0.0.1:1521/app", "com.oracle.database.jdbc:ojdbc11"},
                {"jdbc:postgresql://app:" + SECRET + "@127.0.0.1/app", "org.postgresql:postgresql"},
                {"jdbc:mysql://address=(host=127.0.0.1)(password=" + SECRET + ")/app", "com.mysql:mysql-connector-j"},
                {"jdbc:sqlserver://127.0.0.1;password=" + SECRET, "com.microsoft.sqlserver:mssql-jdbc"},
                {"jdbc:nosuchdb://127.0.0.1/app?password=" + SECRET, "add the JDBC driver of this database"}};
        for (String[] c : cases) {
            try (Binds binds = Binds.builder().bind(Binds.DEFAULT, c[0]).build()) {
                Throwable failure = catchThrowable(() -> binds.dataSource(Binds.DEFAULT).getConnection().close());
                assertThat(failure).isExactlyInstanceOf(SQLException.class)
                        .hasMessageContaining("No JDBC driver on the classpath accepts the URL of bind 'default'")
                        .hasMessageContaining(c[1]);
                assertThat(((SQLException) failure).getSQLState()).isEqualTo("08001");
                assertNoSecretInChain(failure);
            }
        }
    }

    /** The message, {@code toString} and printed stack trace of the failure and every cause and suppressed failure. */
    static void assertNoSecretInChain(Throwable failure) {
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain(SECRET);
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 50; t = t.getCause(), depth++) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
            assertThat(t.toString()).doesNotContain(SECRET);
            for (Throwable s : t.getSuppressed()) {
                assertNoSecretInChain(s);
            }
            if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t.getCause()) {
                assertNoSecretInChain(sql.getNextException());
            }
        }
    }
}
