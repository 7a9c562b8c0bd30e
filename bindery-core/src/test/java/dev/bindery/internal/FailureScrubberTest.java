package dev.bindery.internal;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FailureScrubberTest {
    private static final String SECRET = "s3cr3t-Pass";
    private static final String URL = "jdbc:postgresql://u:" + SECRET + "@127.0.0.1:5432/app";
    private final FailureScrubber scrubber = FailureScrubber.of(URL, null, Map.of());

    @Test
    void aChainWithASecretIsRebuiltKeepingTypesStatesCodesAndStackTraces() {
        UnknownHostException dns = new UnknownHostException("u:" + SECRET + "@127.0.0.1");
        SQLNonTransientConnectionException driver = new SQLNonTransientConnectionException(
                "The connection attempt failed for " + URL, "08001", 17, dns);
        SQLTransientConnectionException pool = new SQLTransientConnectionException("pool - Connection is not available", "08S01", 0, driver);
        pool.addSuppressed(new IllegalStateException("retry with password=" + SECRET));

        SQLException scrubbed = scrubber.sql(pool);

        assertThat((Throwable) scrubbed).isNotSameAs(pool).isExactlyInstanceOf(SQLTransientConnectionException.class)
                .hasMessage("pool - Connection is not available");
        assertThat(scrubbed.getSQLState()).isEqualTo("08S01");
        assertThat(scrubbed.getStackTrace()).isEqualTo(pool.getStackTrace());
        SQLException cause = (SQLException) scrubbed.getCause();
        assertThat((Throwable) cause).isExactlyInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessage("The connection attempt failed for jdbc:postgresql://u:****@127.0.0.1:5432/app");
        assertThat(cause.getSQLState()).isEqualTo("08001");
        assertThat(cause.getErrorCode()).isEqualTo(17);
        assertThat(cause.getStackTrace()).isEqualTo(driver.getStackTrace());
        assertThat(cause.getCause()).isExactlyInstanceOf(UnknownHostException.class).hasMessage("u:****@127.0.0.1");
        assertThat(scrubbed.getSuppressed()).singleElement().isInstanceOf(IllegalStateException.class)
                .satisfies(s -> assertThat(s.getMessage()).isEqualTo("retry with password=****"));
        assertThat(dev.bindery.spi.FailureKind.of(scrubbed)).isEqualTo(dev.bindery.spi.FailureKind.CONNECTION_LOST);
    }

    @Test
    void aChainWithoutASecretIsReturnedAsItIs() {
        SQLException clean = new SQLException("relation \"todo\" does not exist", "42P01", 0, new ConnectException("refused"));
        assertThat((Throwable) scrubber.sql(clean)).isSameAs(clean);
        RuntimeException runtime = new IllegalArgumentException("bad");
        assertThat(scrubber.runtime(runtime)).isSameAs(runtime);
    }

    @Test
    void aTypeThatCannotBeBuiltAgainBecomesItsNearestJdkAncestor() {
        SQLException odd = new DriverSpecificException("login failed for " + SECRET);
        RuntimeException wrapped = new RuntimeException("Failed to get driver instance for jdbcUrl=" + URL, odd);
        RuntimeException scrubbed = scrubber.runtime(wrapped);
        assertThat(scrubbed).hasMessage("Failed to get driver instance for jdbcUrl=jdbc:postgresql://u:****@127.0.0.1:5432/app");
        assertThat(scrubbed.getCause()).isExactlyInstanceOf(SQLException.class).hasMessage("login failed for ****");
        assertThat(((SQLException) scrubbed.getCause()).getSQLState()).isEqualTo("28P01");
    }

    @Test
    void aCycleInTheCauseChainEnds() {
        SQLException a = new SQLException("a " + SECRET);
        SQLException b = new SQLException("b", a);
        a.initCause(b);
        SQLException scrubbed = scrubber.sql(a);
        assertThat(scrubbed.getMessage()).isEqualTo("a ****");
        assertThat(scrubbed.getCause().getMessage()).isEqualTo("b");
    }

    @Test
    void everyUrlFormYieldsItsPassword() {
        assertThat(Secrets.passwordsIn("jdbc:oracle:thin:scott/tiger@host:1521/db")).containsExactly("tiger");
        assertThat(Secrets.passwordsIn("jdbc:oracle:thin:scott/\"ti@ger\"@//host:1521/db")).containsExactly("ti@ger");
        assertThat(Secrets.passwordsIn("jdbc:mysql://address=(host=h)(port=3306)(password=pw1)/db")).containsExactly("pw1");
        assertThat(Secrets.passwordsIn("jdbc:mysql://(host=h,port=3306,password=pw2)/db")).containsExactly("pw2");
        assertThat(Secrets.passwordsIn("jdbc:postgresql://u:p@ss@h/db")).containsExactly("p@ss");
        assertThat(Secrets.passwordsIn("jdbc:h2:mem:x;PASSWORD=pw3;MODE=MySQL")).containsExactly("pw3");
        assertThat(Secrets.maskUrl("jdbc:oracle:thin:scott/tiger@host:1521/db")).isEqualTo("jdbc:oracle:thin:scott/****@host:1521/db");
        assertThat(Secrets.maskUrl("jdbc:mysql://address=(host=h)(password=pw1)(user=u)/db"))
                .isEqualTo("jdbc:mysql://address=(host=h)(password=****)(user=u)/db");
        assertThat(Secrets.maskUrl("jdbc:oracle:thin:@//host:1521/svc")).isEqualTo("jdbc:oracle:thin:@//host:1521/svc");
        assertThat(Secrets.secretsOf("jdbc:h2:mem:x", "pw", Map.of("sslpassword", "ssl-pw", "MODE", "MySQL")))
                .isEqualTo(List.of("ssl-pw"));
    }

    /** A driver exception with no constructor Bindery can call. */
    static final class DriverSpecificException extends SQLException {
        private static final long serialVersionUID = 1L;

        DriverSpecificException(String message) {
            super(message, "28P01");
        }
    }
}
