package dev.bindery.test.internal;

import dev.bindery.Binds;
import dev.bindery.test.ReplicatedDatabase;
import dev.bindery.test.PostgresCluster;
import dev.bindery.test.PostgresReplication;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** The JUnit 5 extension behind {@link PostgresReplication}: a fresh database per class on a shared cluster. */
public final class PostgresClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresClusterExtension.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        PostgresReplication config = findConfig(context);
        PostgresCluster cluster;
        if (config.isolated()) {
            cluster = PostgresCluster.builder().name(clusterName(context)).replicas(config.replicas()).start();
        } else {
            cluster = PostgresCluster.shared(config.replicas());
            cluster.heal();
        }
        String database = databaseName(context);
        ReplicatedDatabase view = cluster.createDatabase(database);
        context.getStore(NAMESPACE).put(Key.CLUSTER, new Scope(cluster, view));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Scope scope = context.getStore(NAMESPACE).remove(Key.CLUSTER, Scope.class);
        if (scope == null) {
            return;
        }
        Binds binds = context.getStore(NAMESPACE).remove(Key.BINDS, Binds.class);
        if (binds != null) {
            binds.close();
        }
        try {
            scope.cluster().heal();
            scope.cluster().dropDatabase(scope.view().database());
        } finally {
            scope.cluster().close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == ReplicatedDatabase.class || type == Binds.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Scope scope = extensionContext.getStore(NAMESPACE).get(Key.CLUSTER, Scope.class);
        if (scope == null) {
            throw new ExtensionConfigurationException("No cluster for " + extensionContext.getDisplayName()
                    + ": a ReplicatedDatabase parameter needs @PostgresReplication on the test class.");
        }
        if (parameterContext.getParameter().getType() == Binds.class) {
            ExtensionContext classContext = classContext(extensionContext);
            return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Key.BINDS, k -> scope.view().binds(), Binds.class);
        }
        return scope.view();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static PostgresReplication findConfig(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            var found = c.getTestClass().flatMap(k -> AnnotationSupport.findAnnotation(k, PostgresReplication.class));
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("@PostgresReplication not found on " + context.getDisplayName());
    }

    private static String databaseName(ExtensionContext context) {
        String simple = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String suffix = "_" + DATABASES.incrementAndGet();
        String name = "t_" + simple;
        return name.substring(0, Math.min(name.length(), 63 - suffix.length())) + suffix;
    }

    private static String clusterName(ExtensionContext context) {
        String simple = context.getRequiredTestClass().getSimpleName().replaceAll("[^A-Za-z0-9_-]", "_");
        return simple.substring(0, Math.min(simple.length(), 40));
    }

    private enum Key { CLUSTER, BINDS }

    private record Scope(PostgresCluster cluster, ReplicatedDatabase view) {
    }
}
