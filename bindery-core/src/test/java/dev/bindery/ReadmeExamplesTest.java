package dev.bindery;

import dev.bindery.spi.Role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bindery.config.TransactionIsolation;
import dev.bindery.spi.Route;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core examples of README.md, compiled and run. Each {@code tag::} region is shown verbatim in the README
 * (DocSnippetsAreCompiledTest in bindery-it checks it), so change a region and its README block together.
 */
class ReadmeExamplesTest {
    private static final Logger log = LoggerFactory.getLogger(ReadmeExamplesTest.class);

    private Binds binds;
    private DataSource routed;
    private final List<String> ranOn = new CopyOnWriteArrayList<>();

    @BeforeEach
    void binds() throws SQLException {
        String app = H2.url("app");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, app)
                .bind("replica", b -> b.url(app).replicaOf(Binds.DEFAULT))
                .bind("auth", H2.url("auth"))
                .build();
        routed = binds.routingDataSource();
        try (Connection c = binds.dataSource("auth").getConnection(); Statement st = c.createStatement()) {
            st.execute("create table app_user (name varchar(40))");
        }
    }

    @AfterEach
    void close() {
        binds.close();
    }

    /** The README's first example: servers that do not exist here, and a password from the environment. */
    static Binds quickStart() {
        // tag::quick-start[]
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, "jdbc:postgresql://primary:5432/app?user=app")
                .bind("replica", b -> b.url("jdbc:postgresql://replica:5432/app?user=app").replicaOf(Binds.DEFAULT))
                .bind("auth", b -> b.url("jdbc:mariadb://auth:3306/auth").username("auth").password("${AUTH_DB_PASSWORD}"))
                .build();                                   // validates everything; opens no connection

        DataSource auth = binds.dataSource("auth");        // one HikariCP pool per bind, started on first use
        DataSource routed = binds.routingDataSource();      // routes by the current BindContext
        // end::quick-start[]
        return binds;
    }

    @Test
    void theQuickStartIsValidatedWhenBuiltAndReadsItsPasswordFromTheEnvironment() {
        assumeTrue(System.getenv("AUTH_DB_PASSWORD") == null, "AUTH_DB_PASSWORD is set in this environment");
        assertThatThrownBy(ReadmeExamplesTest::quickStart)
                .isInstanceOf(BindConfigException.class)
                .hasMessageContaining("bind 'auth', field 'password'")
                .hasMessageContaining("${AUTH_DB_PASSWORD}, which is not set");
    }

    @Test
    void theMapConfigurationDefinesAReplicaAndANamedBindWithoutConnecting() {
        // tag::from-map[]
        Binds binds = Binds.fromMap(Map.of(
                "url", "jdbc:postgresql://primary:5432/app?user=app",
                "binds", Map.of(
                        "replica", Map.of("url", "jdbc:postgresql://replica:5432/app?user=app", "replicaOf", "default"),
                        "meta", "jdbc:h2:mem:meta")));
        // end::from-map[]
        try (binds) {
            assertThat(binds.keys()).containsExactlyInAnyOrder(Binds.DEFAULT, "replica", "meta");
            assertThat(binds.replicas(Binds.DEFAULT)).containsExactly("replica");
            assertThat(binds.config("meta").url()).isEqualTo("jdbc:h2:mem:meta");
            assertThat(binds.status("replica").pool().total()).isZero();   // the servers do not exist: nothing opened
        }
    }

    @Test
    void bindContextScopesPointTheRoutingDataSourceAtABind() throws Exception {
        // tag::bind-context[]
        try (BindScope s = BindContext.use("auth"); Connection c = routed.getConnection()) {   // explicit bind
            c.createStatement().execute("insert into app_user values ('ada')");               // runs on "auth"
        }
        try (BindScope s = BindContext.readOnly(); Connection c = routed.getConnection()) {    // reads: a replica
            c.createStatement().execute("select 1");                                          // runs on "replica"
        }
        String name = BindContext.call("auth", () -> loadName());  // checked exceptions pass through unwrapped
        // end::bind-context[]
        assertThat(name).isEqualTo("ada");                  // app_user exists on "auth" only
        assertThat(binds.status("replica").reads()).isEqualTo(1);
        assertThat(BindContext.current().isEmpty()).isTrue();
    }

    private String loadName() throws SQLException {
        try (Connection c = routed.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select name from app_user")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aDerivedBindAppliesItsOptionsOnlyWhileTheConnectionIsBorrowed() throws Exception {
        // tag::derived-bind[]
        ExecutionOptions reporting = ExecutionOptions.builder()
                .isolation(TransactionIsolation.SERIALIZABLE).readOnly(true).statementTimeout(Duration.ofSeconds(30)).build();
        try (BindScope s = BindContext.use(Binds.DEFAULT, reporting); Connection c = routed.getConnection()) {
            c.getTransactionIsolation();                    // Connection.TRANSACTION_SERIALIZABLE, and c is read-only
        }
        // end::derived-bind[]
        try (BindScope s = BindContext.use(Binds.DEFAULT, reporting); Connection c = routed.getConnection()) {
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.isReadOnly()).isTrue();
        }
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection()) {
            assertThat(c.getTransactionIsolation()).isNotEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.isReadOnly()).isFalse();
        }
    }

    @Test
    void wrappedExecutorsAndTasksRunInTheSubmittersContext() throws Exception {
        try (BindScope outer = BindContext.use("auth")) {
            // tag::wrap[]
            ExecutorService pool = BindContext.wrap(Executors.newFixedThreadPool(8)); // each task runs in its submitter's context
            Runnable task = BindContext.wrap(() -> work());                           // or wrap one task
            // end::wrap[]
            pool.submit(() -> work()).get(5, TimeUnit.SECONDS);
            Thread thread = new Thread(task);
            thread.start();
            thread.join(5_000);
            pool.shutdown();
        }
        assertThat(ranOn).containsExactly("auth", "auth");
    }

    private void work() {
        ranOn.add(String.valueOf(BindContext.current().bind()));
    }

    @Test
    void routeListenersSeeEveryDecision() throws Exception {
        List<Route> seen = new CopyOnWriteArrayList<>();
        String url = H2.url("routes");
        // tag::on-route[]
        Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, url)
                .onRoute(route -> log.info("{}", route))   // every decision: bind, group, role, reason
                .onRoute(seen::add)
                .build();
        // end::on-route[]
        try (binds; Connection c = binds.routingDataSource().getConnection()) {
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.bind()).isEqualTo(Binds.DEFAULT);
                assertThat(r.role()).isEqualTo(Role.PRIMARY);
            });
        }
    }
}
