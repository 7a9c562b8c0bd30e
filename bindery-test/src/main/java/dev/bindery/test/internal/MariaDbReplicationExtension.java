package dev.bindery.test.internal;

import dev.bindery.Binds;
import dev.bindery.test.MariaDbCluster;
import dev.bindery.test.MariaDbReplication;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/** The JUnit 5 extension behind {@link MariaDbReplication}: a private primary with replicas per test class. */
public final class MariaDbReplicationExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MariaDbReplicationExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (MariaDbBinaries.find().isEmpty()) {
            unavailable(MariaDbBinaries.missingMessage());
        }
        try {
            Class.forName("org.mariadb.jdbc.Driver");
        } catch (ClassNotFoundException e) {
            unavailable("@MariaDbReplication needs the MariaDB JDBC driver: add the test dependency "
                    + "org.mariadb.jdbc:mariadb-java-client.");
        }
        MariaDbReplication config = findConfig(context);
        String simple = context.getRequiredTestClass().getSimpleName().replaceAll("[^A-Za-z0-9_-]", "_");
        MariaDbCluster cluster = MariaDbCluster.builder().name(simple.substring(0, Math.min(simple.length(), 40)))
                .replicas(config.replicas()).start();
        context.getStore(NAMESPACE).put(Key.CLUSTER, cluster);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Binds binds = context.getStore(NAMESPACE).remove(Key.BINDS, Binds.class);
        MariaDbCluster cluster = context.getStore(NAMESPACE).remove(Key.CLUSTER, MariaDbCluster.class);
        try {
            if (binds != null) {
                binds.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == MariaDbCluster.class || type == Binds.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext classContext = classContext(extensionContext);
        MariaDbCluster cluster = classContext.getStore(NAMESPACE).get(Key.CLUSTER, MariaDbCluster.class);
        if (cluster == null) {
            throw new ExtensionConfigurationException("No MariaDB cluster for " + extensionContext.getDisplayName()
                    + ": a MariaDbCluster parameter needs @MariaDbReplication on the test class.");
        }
        if (parameterContext.getParameter().getType() == Binds.class) {
            return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Key.BINDS, k -> cluster.binds(), Binds.class);
        }
        return cluster;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static MariaDbReplication findConfig(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            var found = c.getTestClass().flatMap(k -> AnnotationSupport.findAnnotation(k, MariaDbReplication.class));
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("@MariaDbReplication not found on " + context.getDisplayName());
    }

    /** Skips the class, or fails it when CI=true, as {@code @MariaDbDatabase} does. */
    static void unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new ExtensionConfigurationException(message + " Failing because CI=true.");
        }
        throw new TestAbortedException(message + " Skipping (set CI=true to fail instead).");
    }

    private enum Key { CLUSTER, BINDS }
}
