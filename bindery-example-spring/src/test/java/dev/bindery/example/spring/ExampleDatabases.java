package dev.bindery.example.spring;

import dev.bindery.test.Node;
import dev.bindery.test.PostgresCluster;
import dev.bindery.test.ReplicatedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example's two databases on the PostgreSQL cluster of bindery-test (a primary and 2 streaming replicas, shared by
 * this JVM): {@code example_notes} for the default group, {@code example_audit} for the group {@code audit}. Created on
 * first use, for every Spring context of this JVM; fault tests heal the cluster when they end.
 */
public final class ExampleDatabases {
    private static ExampleDatabases instance;

    /** The default group's database: binds {@code default} (primary), {@code replica-1}, {@code replica-2}. */
    public final ReplicatedDatabase notes;
    /** The audit group's database: binds {@code audit} (primary) and {@code audit-replica} (on replica-2). */
    public final ReplicatedDatabase audit;

    private ExampleDatabases(PostgresCluster cluster) {
        cluster.heal();
        this.notes = cluster.createDatabase("example_notes");
        this.audit = cluster.createDatabase("example_audit");
    }

    /** The databases, created on the first call. */
    public static synchronized ExampleDatabases get() {
        if (instance == null) {
            instance = new ExampleDatabases(PostgresCluster.shared(2));
        }
        return instance;
    }

    /** The starter's configuration: {@code bindery.*} properties, nothing else. */
    public Map<String, Object> starterProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bindery.url", url(notes, notes.primary()));
        p.put("bindery.health-check-interval", "200ms");
        p.put("bindery.binds.replica-1.url", url(notes, notes.replica(1)));
        p.put("bindery.binds.replica-1.replica-of", "default");
        p.put("bindery.binds.replica-2.url", url(notes, notes.replica(2)));
        p.put("bindery.binds.replica-2.replica-of", "default");
        p.put("bindery.binds.audit.url", url(audit, audit.primary()));
        p.put("bindery.binds.audit.health-check-interval", "200ms");
        p.put("bindery.binds.audit.replica-fallback", "fail");     // audit reads never load the primary
        p.put("bindery.binds.audit-replica.url", url(audit, audit.replica(2)));
        p.put("bindery.binds.audit-replica.replica-of", "audit");
        return p;
    }

    /** The recipe's configuration: its primary and its one replica pool, on the notes database. */
    public Map<String, Object> recipeProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("recipe.primary-url", url(notes, notes.primary()));
        p.put("recipe.replica-url", url(notes, notes.replica(1)));
        return p;
    }

    private static String url(ReplicatedDatabase db, Node node) {
        return db.jdbcUrl(node);
    }

    /** The titles of note {@code id} on each node, by node name (empty where the node has no such row). */
    public Map<String, List<String>> noteTitles(long id) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Node node : notes.nodes()) {
            out.put(node.name(), strings(notes, node, "SELECT title FROM note WHERE id = " + id));
        }
        return out;
    }

    /** The first column of {@code sql}'s rows, as strings, run on {@code node} of {@code db}. */
    public static List<String> strings(ReplicatedDatabase db, Node node, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(node); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query on " + node.name() + " of " + db.database() + " failed: " + sql, e);
        }
        return rows;
    }

    /** Waits until every replica of both databases has replayed everything written so far. */
    public void awaitReplicasCaughtUp() {
        notes.awaitCaughtUp(Duration.ofSeconds(30));
        audit.awaitCaughtUp(Duration.ofSeconds(30));
    }
}
