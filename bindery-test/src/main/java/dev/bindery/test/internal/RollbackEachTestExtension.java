package dev.bindery.test.internal;

import dev.bindery.test.RollbackEachTest;
import dev.bindery.test.TestTransaction;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The JUnit 5 extension behind {@link RollbackEachTest}: one {@link TestTransaction} per test, rolled back after it. */
public final class RollbackEachTestExtension implements AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RollbackEachTestExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestTransaction.class
                && extensionContext.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return transaction(extensionContext);
    }

    /** The transaction of the current test, begun on first use. */
    static TestTransaction transaction(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestTransaction.class, k -> TestTransaction.begin(),
                TestTransaction.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestTransaction tx = context.getStore(NAMESPACE).remove(TestTransaction.class, TestTransaction.class);
        if (tx != null) {
            tx.rollback();
        }
    }
}
