package dev.bindery;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A replica bind hands out read-only connections, so the database itself refuses a write sent on one (through the
 * routing data source, the router refuses it before that). H2 treats
 * read-only as a hint only, so this runs on the local MariaDB server, which enforces it (PostgreSQL is covered by
 * bindery-test and bindery-hibernate). Under CI=true a missing server is a failure, elsewhere a skip.
 */
class ReplicaRefusesWritesTest {
    private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String DB = "bindery_core_" + ProcessHandle.current().pid();

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "?user=root&connectTimeout=2000"); Statement s = c.createStatement()) {
            s.execute("create database if not exists " + DB);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("MariaDB is required under CI=true at 127.0.0.1:3306 (root, empty password): " + e.getMessage(), e);
            }
            assumeTrue(false, "MariaDB not reachable at 127.0.0.1:3306 (root, empty password); start it to run this test: " + e.getMessage());
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "?user=root"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DB);
        } catch (SQLException ignored) {
            // nothing was created
        }
    }

    @Test
    void aStatementThatWritesFailsOnAConnectionFromAReplicaBind() throws Exception {
        String url = SERVER + DB + "?user=root";
        try (Binds binds = Binds.builder().bind(Binds.DEFAULT, url).bind("replica", b -> b.url(url).replicaOf(Binds.DEFAULT)).build()) {
            try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection(); Statement s = c.createStatement()) {
                s.execute("create table todo(id int primary key)");
                s.execute("insert into todo values (1)");
            }
            try (Connection c = binds.dataSource("replica").getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("insert into todo values (2)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("READ ONLY");
            }
            try (BindScope s = BindContext.readOnly(); Connection c = binds.routingDataSource().getConnection();
                 Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate("delete from todo")).as("the router refuses it first")
                        .isInstanceOf(ReplicaWriteException.class);
            }
            try (Connection c = binds.dataSource(Binds.DEFAULT).getConnection();
                 ResultSet rs = c.createStatement().executeQuery("select count(*) from todo")) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing written or deleted through the replica").isEqualTo(1);
            }
        }
    }
}
