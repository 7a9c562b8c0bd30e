package dev.bindery.test.internal;

import dev.bindery.test.PatroniCluster;
import dev.bindery.test.PatroniReplication;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link PatroniReplication}: the JVM's shared Patroni cluster, healed before each class,
 * and a fresh database per class.
 */
public final class PatroniExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PatroniExtension.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (PatroniBinaries.find().isEmpty()) {
            MariaDbReplicationExtension.unavailable("@PatroniReplication: " + PatroniBinaries.missingMessage());
        }
        PatroniView cluster = PatroniRuntime.shared();
        cluster.heal();
        String simple = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String suffix = "_" + DATABASES.incrementAndGet();
        String name = "t_" + simple.substring(0, Math.min(simple.length(), 63 - 2 - suffix.length())) + suffix;
        context.getStore(NAMESPACE).put(PatroniCluster.class, cluster.createDatabase(name));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PatroniCluster view = context.getStore(NAMESPACE).remove(PatroniCluster.class, PatroniCluster.class);
        if (view != null) {
            view.heal();
            view.dropDatabase(view.database());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PatroniCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        PatroniCluster view = extensionContext.getStore(NAMESPACE).get(PatroniCluster.class, PatroniCluster.class);
        if (view == null) {
            throw new ExtensionConfigurationException("No Patroni cluster for " + extensionContext.getDisplayName()
                    + ": a PatroniCluster parameter needs @PatroniReplication on the test class.");
        }
        return view;
    }
}
