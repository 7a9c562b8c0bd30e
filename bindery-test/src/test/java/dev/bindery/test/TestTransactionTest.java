package dev.bindery.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Work done through a {@link TestTransaction} is rolled back at the end and never reaches other sessions. The tagged
 * region is shown verbatim in docs/testing.md (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
@PostgresReplication(replicas = 0)
class TestTransactionTest {
    static DataSource target;

    @BeforeAll
    static void createTable(ReplicatedDatabase cluster) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(cluster.jdbcUrl());
        target = ds;
        execute(target, "create table note (id int primary key, text text)");
    }

    @Test
    void rollbackLeavesNoRows() throws SQLException {
        try (TestTransaction tx = TestTransaction.begin()) {
            DataSource ds = tx.wrap(target);
            execute(ds, "insert into note values (1, 'in the test transaction')");
            assertThat(count(ds)).isEqualTo(1);
            assertThat(count(target)).as("another session sees nothing").isZero();
        }
        assertThat(count(target)).isZero();
    }

    @Test
    void commitKeepsWorkForTheTestAndRollbackUndoesOnlyWorkSinceTheLastCommit() throws SQLException {
        try (TestTransaction tx = TestTransaction.begin()) {
            DataSource ds = tx.wrap(target);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("insert into note values (1, 'committed by the code under test')");
                c.commit();
                st.execute("insert into note values (2, 'rolled back by the code under test')");
                c.rollback();
            }
            assertThat(ids(ds)).isEqualTo("1");
        }
        assertThat(count(target)).isZero();
    }

    @Test
    void everyConnectionOfAWrappedDataSourceIsTheSamePinnedTransaction() throws SQLException {
        try (TestTransaction tx = TestTransaction.begin()) {
            DataSource ds = tx.wrap(target);
            execute(ds, "insert into note values (3, 'first connection')");
            try (Connection second = ds.getConnection()) {
                assertThat(second.getAutoCommit()).isTrue();
                assertThat(ids(ds)).isEqualTo("3");
            }
            assertThat(tx.wrap(target)).isSameAs(ds);
        }
        assertThat(count(target)).isZero();
    }

    @Test
    void rollbackEachTestRollsBackAfterEveryTest() throws SQLException {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(WithRollback.class))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        assertThat(count(target)).isZero();
    }

    // tag::rollback-each-test[]
    @RollbackEachTest
    static class WithRollback {
        @Test
        void insertsARow(TestTransaction tx) throws SQLException {   // target: any DataSource, e.g. binds.dataSource("default")
            execute(tx.wrap(target), "insert into note values (10, 'rolled back after the test')");
            assertThat(count(tx.wrap(target))).isEqualTo(1);
        }

        @Test
        void insertsTheSameKeyAgain(TestTransaction tx) throws SQLException {
            execute(tx.wrap(target), "insert into note values (10, 'no duplicate key: the other test was rolled back')");
            assertThat(count(tx.wrap(target))).isEqualTo(1);
        }                                                          // rolled back here, even when the test fails
    }
    // end::rollback-each-test[]

    static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static long count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from note")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String ids(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(string_agg(id::text, ',' order by id), '') from note")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
