package dev.bindery.test.internal;

import dev.bindery.test.Node;
import dev.bindery.test.PatroniCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** A {@link PatroniCluster} seen through one database; the owning view's {@link #close()} stops the processes. */
final class PatroniView implements PatroniCluster {
    private final PatroniRuntime runtime;
    private final String database;
    private final boolean owner;

    PatroniView(PatroniRuntime runtime, String database, boolean owner) {
        this.runtime = runtime;
        this.database = database;
        this.owner = owner;
    }

    PatroniRuntime runtime() {
        return runtime;
    }

    @Override
    public String name() {
        return runtime.name();
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public List<Node> members() {
        return runtime.members();
    }

    @Override
    public Node member(String name) {
        return runtime.member(name);
    }

    @Override
    public Node leader() {
        return runtime.leader();
    }

    @Override
    public List<Node> replicas() {
        return members().stream().filter(n -> !n.isPrimary()).toList();
    }

    @Override
    public int timeline(Node member) {
        return runtime.timeline(member);
    }

    @Override
    public String jdbcUrl(Node member) {
        runtime.server(member);
        return member.jdbcUrl(database);
    }

    @Override
    public Connection connect(Node member) throws SQLException {
        return runtime.connect(member, database);
    }

    @Override
    public Node switchover(Node candidate) {
        return runtime.switchover(candidate);
    }

    @Override
    public Node switchover() {
        return runtime.switchover();
    }

    @Override
    public void kill(Node member) {
        runtime.kill(member);
    }

    @Override
    public Node killLeader() {
        return runtime.killLeader();
    }

    @Override
    public void start(Node member) {
        runtime.start(member);
    }

    @Override
    public boolean isRunning(Node member) {
        return runtime.isRunning(member);
    }

    @Override
    public Node awaitLeader(Duration timeout) {
        return runtime.awaitLeader(timeout);
    }

    @Override
    public Node awaitNewLeader(Node previous, Duration timeout) {
        return runtime.awaitNewLeader(previous, timeout);
    }

    @Override
    public void awaitHealthy(Duration timeout) {
        runtime.awaitHealthy(timeout);
    }

    @Override
    public void heal() {
        runtime.heal();
    }

    @Override
    public String patronictl(String... arguments) {
        return runtime.patronictl(arguments);
    }

    @Override
    public PatroniCluster createDatabase(String name) {
        checkDatabaseName(name);
        runtime.execute("create database \"" + name + "\"");
        runtime.awaitHealthy(Duration.ofSeconds(60));
        return new PatroniView(runtime, name, false);
    }

    @Override
    public void dropDatabase(String name) {
        checkDatabaseName(name);
        runtime.execute("drop database if exists \"" + name + "\" with (force)");
    }

    private static void checkDatabaseName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("Database name '" + name + "' is not allowed: use 1-63 letters, digits or '_'.");
        }
    }

    @Override
    public Path logDirectory() {
        return runtime.logDir();
    }

    @Override
    public Duration startup() {
        return runtime.startup();
    }

    @Override
    public void close() {
        if (owner) {
            runtime.close();
        }
    }

    @Override
    public String toString() {
        return runtime + "/" + database;
    }
}
