package dev.bindery;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class SecretsNeverLeakTest {
    private static final String SECRET = "Hunter2-very-secret";

    @Test
    void toStringMasksPasswordsInOptionsUrlsAndDriverProperties() {
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url("jdbc:h2:mem:s1;PASSWORD=" + SECRET).username("sa").password(SECRET)
                        .driverProperty("sslpassword", SECRET).driverProperty("MODE", "MySQL"))
                .bind("other", "jdbc:postgresql://app:" + SECRET + "@db.example:5432/app?password=" + SECRET + "&ssl=true")
                .build()) {
            String all = binds.toString() + binds.config(Binds.DEFAULT) + binds.config("other") + binds.dataSource("other")
                    + binds.config("other").maskedUrl();
            assertThat(all).doesNotContain(SECRET).contains("****").contains("MODE=MySQL");
        }
    }

    @Test
    void validationMessagesNeverEchoAPassword() {
        Throwable badUrl = catchThrowable(() -> Binds.builder()
                .bind("x", b -> b.url("postgres://u:" + SECRET + "@h/db?password=" + SECRET).password(SECRET).poolSize(0)).build());
        Throwable badType = catchThrowable(() -> Binds.fromMap(Map.of("url", "jdbc:h2:mem:x", "password", 12345678), Map.of()));
        Properties p = new Properties();
        p.setProperty("bindery.url", "jdbc:h2:mem:x?password=" + SECRET);
        p.setProperty("bindery.pasword", SECRET);
        Throwable typo = catchThrowable(() -> Binds.fromProperties(p, Map.of()));
        for (Throwable t : new Throwable[]{badUrl, badType, typo}) {
            assertThat(t).isInstanceOf(BindConfigException.class);
            assertThat(t.getMessage()).doesNotContain(SECRET).doesNotContain("12345678");
        }
        assertThat(typo).hasMessageContaining("did you mean 'password'?");
    }

    @Test
    void connectionFailuresAndLogsNeverShowThePassword() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String url = H2.url("secrets");
        try (Connection keepAlive = java.sql.DriverManager.getConnection(url, "sa", "right-password");
             Binds binds = Binds.builder()
                     .bind(Binds.DEFAULT, b -> b.url(url).username("sa").password(SECRET).connectionTimeout(Duration.ofMillis(300)))
                     .build()) {
            assertThat(keepAlive.isValid(1)).isTrue();
            Throwable failure = catchThrowable(() -> binds.dataSource(Binds.DEFAULT).getConnection().close());
            assertThat(failure).isInstanceOf(SQLException.class);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
            }
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    }

    @Test
    void unknownBindMessagesDoNotCarryConfiguration() {
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, b -> b.url("jdbc:h2:mem:s4").password(SECRET)).build()) {
            assertThatThrownBy(() -> binds.dataSource("nope")).isInstanceOf(UnknownBindException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }
    }
}
