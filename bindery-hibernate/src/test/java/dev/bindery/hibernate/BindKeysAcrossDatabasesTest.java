package dev.bindery.hibernate;

import dev.bindery.Binds;
import dev.bindery.hibernate.model.Admin;
import dev.bindery.hibernate.model.DefaultNote;
import dev.bindery.hibernate.model.MetaNote;
import dev.bindery.hibernate.model.Todo;
import dev.bindery.hibernate.model.User;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.MariaDbDatabase;
import dev.bindery.test.LocalMariaDb;
import dev.bindery.test.PostgresReplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binds the Flask-SQLAlchemy way: three real databases at once, the default bind on PostgreSQL, {@code meta} on H2
 * and {@code auth} on MariaDB, with entities placed by {@code @BindKey}. The tests build on each other, in order.
 */
@PostgresReplication(replicas = 2)
@LocalMariaDb
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BindKeysAcrossDatabasesTest {
    private static Binds binds;
    private static Database db;

    @BeforeAll
    static void setUp(ReplicatedDatabase cluster, MariaDbDatabase mariaDb) {
        binds = Binds.builder()
                .bind(Binds.DEFAULT, b -> b.url(cluster.jdbcUrl()).poolSize(4))
                .bind("meta", H2.url("meta"))
                .bind("auth", b -> b.url(mariaDb.jdbcUrl()).poolSize(4))
                .build();
        db = Database.builder(binds).packages("dev.bindery.hibernate.model").build();
    }

    @AfterAll
    static void tearDown() {
        if (db != null) {
            db.close();
        }
        if (binds != null) {
            binds.close();
        }
    }

    private static List<String> tables(String key) {
        List<String> out = new ArrayList<>();
        try (Connection c = binds.dataSource(key).getConnection();
             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (schema == null || !schema.equalsIgnoreCase("information_schema") && !schema.equalsIgnoreCase("pg_catalog")) {
                    out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    @Order(1)
    void entitiesArePlacedByTheirBindKeyInheritedOrOverridden() {
        assertThat(db.entities(Binds.DEFAULT)).contains(Todo.class, DefaultNote.class).doesNotContain(User.class, MetaNote.class);
        assertThat(db.entities("auth")).containsExactlyInAnyOrder(User.class, Admin.class);
        assertThat(db.entities("meta")).containsExactly(MetaNote.class);
        assertThat(db.dataSources()).containsOnlyKeys(Binds.DEFAULT, "meta", "auth");
        assertThat(db.sessionFactory("auth")).isNotSameAs(db.sessionFactory(Binds.DEFAULT));
    }

    @Test
    @Order(2)
    void createAllOnAListCreatesOnlyThoseBindsTables() {
        db.createAll(List.of(Binds.DEFAULT, "auth"));
        assertThat(tables(Binds.DEFAULT)).contains("todo", "defaultnote").doesNotContain("app_user", "metanote");
        assertThat(tables("auth")).containsExactly("app_user");
        assertThat(tables("meta")).isEmpty();
    }

    @Test
    @Order(3)
    void createAllOnOneBindCreatesItsTables() {
        db.createAll("meta");
        assertThat(tables("meta")).containsExactly("metanote");
    }

    @Test
    @Order(4)
    void oneSessionWritesTwoBindsAndReadsBothBack() {
        Long userId;
        Long todoId;
        try (RoutingSession session = db.openSession()) {
            User ada = new Admin("ada", "all");
            Todo todo = new Todo("review the auth schema");
            session.persist(ada);
            session.persist(todo);
            MetaNote note = new MetaNote("meta works too");
            note.setCreatedBy("ada");
            session.persist(note);
            session.commit();
            assertThat(session.writtenGroups()).containsExactly("auth", Binds.DEFAULT, "meta");
            userId = ada.getId();
            todoId = todo.getId();
        }
        try (RoutingSession session = db.openSession()) {
            User user = session.find(User.class, userId);
            assertThat(user).isInstanceOf(Admin.class);
            assertThat(user.getName()).isEqualTo("ada");
            assertThat(session.lastRoute().bind()).isEqualTo("auth");
            assertThat(session.find(Todo.class, todoId).getTitle()).isEqualTo("review the auth schema");
            assertThat(session.lastRoute().group()).isEqualTo(Binds.DEFAULT);
            assertThat(session.createSelectionQuery("from MetaNote", MetaNote.class).getSingleResult().getCreatedBy()).isEqualTo("ada");
            assertThat(session.lastRoute().bind()).isEqualTo("meta");
        }
        try (Connection c = binds.dataSource("auth").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select name, dtype, version() from app_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ada");
            assertThat(rs.getString(2)).isEqualTo("Admin");
            assertThat(rs.getString(3)).containsIgnoringCase("mariadb");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(5)
    void dropAllOnTheDefaultBindDropsOnlyItsTables() {
        db.dropAll(Binds.DEFAULT);
        assertThat(tables(Binds.DEFAULT)).doesNotContain("todo", "defaultnote");
        assertThat(tables("auth")).containsExactly("app_user");
        assertThat(tables("meta")).containsExactly("metanote");
    }
}
