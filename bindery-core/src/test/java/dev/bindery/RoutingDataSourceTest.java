package dev.bindery;

import dev.bindery.spi.Router;
import dev.bindery.config.TransactionIsolation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingDataSourceTest {
    private Binds binds;
    private RoutingDataSource ds;

    @BeforeEach
    void setUp() throws Exception {
        String main = H2.url("rds-main");
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(main).poolSize(1))
                .bind("replica", b -> b.url(main).replicaOf(Binds.DEFAULT).poolSize(1))
                .bind("audit", b -> b.url(H2.url("rds-audit")).poolSize(1))
                .build();
        ds = binds.routingDataSource();
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement s = c.createStatement()) {
            s.execute("create table todo(id int primary key, title varchar(50))");
            s.execute("insert into todo values (1, 'first')");
        }
        try (Connection c = binds.dataSource("audit").getConnection(); Statement s = c.createStatement()) {
            s.execute("create table entry(id int primary key)");
        }
    }

    @AfterEach
    void tearDown() {
        binds.close();
    }

    private static String database(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("select database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void withoutContextConnectionsComeFromTheDefaultBind() throws Exception {
        try (Connection c = ds.getConnection()) {
            assertThat(database(c)).startsWith("RDS-MAIN");
        }
        assertThat(binds.poolStats(Binds.DEFAULT).active()).isZero();
    }

    @Test
    void aContextBindSendsConnectionsToThatBind() throws Exception {
        try (BindScope s = BindContext.use("audit"); Connection c = ds.getConnection()) {
            assertThat(database(c)).startsWith("RDS-AUDIT");
            c.createStatement().execute("insert into entry values (1)");
        }
        try (Connection c = binds.dataSource("audit").getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from entry")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aReadOnlyScopeReadsFromAReplica() throws Exception {
        try (BindScope s = BindContext.readOnly(); Connection c = ds.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select title from todo where id = 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("first");
        }
        assertThat(binds.poolStats("replica").total()).isEqualTo(1);
    }

    @Test
    void onAReplicaEveryStatementIsPutToTheRouterSoAWriteIsRefusedWhereTheDatabaseWouldTakeIt() throws Exception {
        long refusedBefore = binds.router().refusals().get(dev.bindery.spi.Refusal.Kind.READ_ONLY_WRITE);
        try (BindScope s = BindContext.readOnly(); Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("update todo set title = 'written'")).isInstanceOf(ReplicaWriteException.class)
                    .hasMessageContaining("on bind 'replica'");
            assertThatThrownBy(() -> st.execute("delete from todo")).isInstanceOf(ReplicaWriteException.class);
            assertThatThrownBy(() -> st.addBatch("insert into todo values (2, 'batched')")).isInstanceOf(ReplicaWriteException.class);
            assertThatThrownBy(() -> c.prepareStatement("insert into todo values (3, 'prepared')")).isInstanceOf(ReplicaWriteException.class);
            try (ResultSet rs = st.executeQuery("select title from todo where id = 1")) {
                rs.next();
                assertThat(rs.getString(1)).as("reads run as before").isEqualTo("first");
            }
            assertThat(st.getConnection()).isSameAs(c);
        }
        assertThat(binds.router().refusals().get(dev.bindery.spi.Refusal.Kind.READ_ONLY_WRITE)).isEqualTo(refusedBefore + 4);
        try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*), max(title) from todo")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).as("nothing was written through the replica's connection (H2 would have taken it)").isEqualTo("first");
        }
        try (Connection c = ds.getConnection()) {
            assertThat(java.lang.reflect.Proxy.isProxyClass(c.getClass())).as("the primary's connection is the pool's own").isFalse();
        }
    }

    @Test
    void anUnknownContextBindFailsWithTheKnownKeys() {
        try (BindScope s = BindContext.use("reporting")) {
            assertThatThrownBy(ds::getConnection).isInstanceOf(UnknownBindException.class)
                    .hasMessageContaining("Known binds: [default, replica, audit]");
        }
    }

    @Test
    void derivedBindOptionsApplyOnBorrowAndAreUndoneOnReturn() throws Exception {
        ExecutionOptions serializableReadOnly = ExecutionOptions.builder()
                .isolation(TransactionIsolation.SERIALIZABLE).readOnly(true).autoCommit(false).build();
        int ownIsolation;
        try (Connection c = ds.getConnection()) {
            ownIsolation = c.getTransactionIsolation();
        }
        Connection physical;
        try (BindScope s = BindContext.use(Binds.DEFAULT, serializableReadOnly); Connection c = ds.getConnection()) {
            physical = c.unwrap(Connection.class);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.getAutoCommit()).isFalse();
        }
        // The pool holds one connection: the next borrower gets the same physical connection with the bind's settings.
        try (Connection c = ds.getConnection()) {
            assertThat(c.unwrap(Connection.class)).isSameAs(physical);
            assertThat(c.getTransactionIsolation()).isEqualTo(ownIsolation);
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void aDerivedStatementTimeoutIsSetOnEveryStatement() throws Exception {
        ExecutionOptions timeout = ExecutionOptions.builder().statementTimeout(Duration.ofSeconds(3)).build();
        try (BindScope s = BindContext.use(Binds.DEFAULT, timeout); Connection c = ds.getConnection();
             Statement st = c.createStatement()) {
            assertThat(st.getQueryTimeout()).isEqualTo(3);
            assertThat(c.prepareStatement("select 1").getQueryTimeout()).isEqualTo(3);
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(st.getQueryTimeout()).isZero();
        }
    }

    @Test
    void aDerivedBindCannotMakeAReplicaWritable() {
        try (BindScope s = BindContext.use("replica", ExecutionOptions.builder().readOnly(false).build())) {
            assertThatThrownBy(ds::getConnection).isInstanceOf(ReplicaWriteException.class)
                    .hasMessageContaining("derive from the primary 'default'");
        }
        assertThat(binds.poolStats("replica").active()).isZero();
    }

    @Test
    void unwrapFollowsTheJdbcContract() throws Exception {
        assertThat(ds.isWrapperFor(DataSource.class)).isTrue();
        assertThat(ds.isWrapperFor(Binds.class)).isTrue();
        assertThat(ds.unwrap(Binds.class)).isSameAs(binds);
        assertThat(ds.unwrap(Router.class)).isSameAs(binds.router());
        assertThat(ds.isWrapperFor(String.class)).isFalse();
        assertThatThrownBy(() -> ds.unwrap(String.class)).isInstanceOf(java.sql.SQLException.class);
        DataSource bind = binds.dataSource(Binds.DEFAULT);
        assertThat(bind.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)).isTrue();
        assertThat(bind.unwrap(com.zaxxer.hikari.HikariDataSource.class).getPoolName()).isEqualTo("bindery-default");
        assertThatThrownBy(() -> ds.getConnection("sa", "")).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
    }
}
