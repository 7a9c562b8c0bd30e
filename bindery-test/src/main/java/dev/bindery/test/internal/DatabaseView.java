package dev.bindery.test.internal;

import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.Node;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** A {@link ReplicatedDatabase} seen through one database; the controls act on the shared processes. */
public class DatabaseView implements ReplicatedDatabase {
    final ClusterRuntime runtime;
    private final String database;

    DatabaseView(ClusterRuntime runtime, String database) {
        this.runtime = runtime;
        this.database = database;
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
    public Node primary() {
        return runtime.nodes().get(0);
    }

    @Override
    public List<Node> replicas() {
        List<Node> all = runtime.nodes();
        return all.subList(1, all.size());
    }

    @Override
    public Node replica(int n) {
        List<Node> replicas = replicas();
        if (n < 1 || n > replicas.size()) {
            throw new IllegalArgumentException("ReplicatedDatabase '" + name() + "' has no replica " + n + "; it has "
                    + replicas.size() + " (replica(1).." + "replica(" + replicas.size() + ")).");
        }
        return replicas.get(n - 1);
    }

    @Override
    public Node node(String nodeName) {
        return runtime.nodes().stream().filter(n -> n.name().equals(nodeName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("ReplicatedDatabase '" + name() + "' has no node '" + nodeName
                        + "'; its nodes are " + runtime.nodes().stream().map(Node::name).toList() + "."));
    }

    @Override
    public List<Node> nodes() {
        return runtime.nodes();
    }

    @Override
    public String jdbcUrl(Node node) {
        runtime.server(node);
        return node.jdbcUrl(database);
    }

    @Override
    public Connection connect(Node node) throws SQLException {
        return runtime.connect(node, database);
    }

    @Override
    public void stop(Node node) {
        runtime.stop(node);
    }

    @Override
    public void kill(Node node) {
        runtime.kill(node);
    }

    @Override
    public void start(Node node) {
        runtime.start(node);
    }

    @Override
    public void restart(Node node) {
        runtime.restart(node);
    }

    @Override
    public boolean isRunning(Node node) {
        return runtime.isRunning(node);
    }

    @Override
    public void pauseReplay(Node replica) {
        runtime.pauseReplay(replica);
    }

    @Override
    public void resumeReplay(Node replica) {
        runtime.resumeReplay(replica);
    }

    @Override
    public long lagBytes(Node replica) {
        return runtime.lagBytes(replica);
    }

    @Override
    public void awaitCaughtUp(Node replica, Duration timeout) {
        runtime.awaitCaughtUp(replica, timeout);
    }

    @Override
    public void awaitCaughtUp(Duration timeout) {
        runtime.awaitCaughtUp(timeout);
    }

    @Override
    public void heal() {
        runtime.heal();
    }

    @Override
    public String toString() {
        return "ReplicatedDatabase[" + name() + ", database=" + database + ", " + nodes() + "]";
    }

    @Override
    public void promote(Node replica) {
        runtime.promotions().promote(replica);
    }

    @Override
    public void switchover(Node replica) {
        runtime.promotions().switchover(replica);
    }

    @Override
    public void follow(Node replica, Node primary) {
        runtime.promotions().follow(replica, primary);
    }

    @Override
    public void startWritable(Node node) {
        runtime.promotions().startWritable(node);
    }

    @Override
    public void synchronousStandby(Node replica) {
        runtime.promotions().synchronousStandby(replica);
    }
}
