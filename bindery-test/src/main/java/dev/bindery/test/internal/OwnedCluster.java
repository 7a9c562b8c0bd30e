package dev.bindery.test.internal;

import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresCluster;
import java.nio.file.Path;

/** The {@link PostgresCluster} that owns a {@link ClusterRuntime}; closing it stops the processes unless it is shared. */
final class OwnedCluster extends DatabaseView implements PostgresCluster {
    private final boolean shared;

    OwnedCluster(ClusterRuntime runtime, boolean shared) {
        super(runtime, "postgres");
        this.shared = shared;
    }

    @Override
    public ReplicatedDatabase createDatabase(String name) {
        runtime.createDatabase(name);
        return new DatabaseView(runtime, name);
    }

    @Override
    public void dropDatabase(String name) {
        runtime.dropDatabase(name);
    }

    @Override
    public Path logDirectory() {
        return runtime.logDir();
    }

    @Override
    public void close() {
        if (!shared) {
            runtime.close();
        }
    }
}
