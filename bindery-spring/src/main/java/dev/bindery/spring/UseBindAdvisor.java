package dev.bindery.spring;

import dev.bindery.BindContext;
import dev.bindery.BindScope;
import dev.bindery.Binds;
import dev.bindery.spi.Route;
import dev.bindery.spi.Router;
import dev.bindery.spring.internal.TransactionRoutes;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcher;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.Method;

/**
 * The advisor of {@link UseBind}: declare it as a bean (the Spring Boot starter does) and every bean method annotated
 * with {@code @UseBind}, or of a class annotated with it, runs in {@code BindContext.use(key)}. It runs before the
 * transaction interceptor (order {@link #ORDER}), so the transaction it starts is routed to that bind. Entered inside a
 * transaction already routed to another bind, it raises the router's {@link dev.bindery.BindSwitchException}
 * ({@link Router#checkBindEntered}; the router is that of the {@link Binds} it was given, else of the {@code Binds} bean,
 * looked up at the first such check).
 */
public final class UseBindAdvisor extends AbstractPointcutAdvisor implements BeanFactoryAware {
    /** Before Spring's transaction advisor (lowest precedence by default) and most others. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
    private static final long serialVersionUID = 1L;

    private final transient Pointcut pointcut = new UseBindPointcut();
    private final transient Advice advice = (MethodInterceptor) this::invoke;
    private transient BeanFactory beanFactory;
    private transient volatile Router router;

    /** An advisor at {@link #ORDER} that asks the router of the bean factory's {@link Binds} bean. */
    public UseBindAdvisor() {
        setOrder(ORDER);
    }

    /** An advisor at {@link #ORDER} that asks the router of {@code binds}, for use outside a Spring bean factory. */
    public UseBindAdvisor(Binds binds) {
        this();
        this.router = binds.router();
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return advice;
    }

    private Object invoke(MethodInvocation invocation) throws Throwable {
        Class<?> targetClass = invocation.getThis() == null ? invocation.getMethod().getDeclaringClass()
                : AopUtils.getTargetClass(invocation.getThis());
        UseBind use = find(invocation.getMethod(), targetClass);
        if (use == null) {
            return invocation.proceed();
        }
        String key = use.value();
        for (Route open : TransactionRoutes.open()) {
            router().checkBindEntered(open, key);
        }
        try (BindScope ignored = BindContext.use(key)) {
            return invocation.proceed();
        }
    }

    /**
     * The router that refuses a bind entered inside a transaction routed to another.
     *
     * @throws MissingBindsException when the advisor was given no binds and is no bean of a Spring bean factory
     */
    private Router router() {
        Router r = router;
        if (r == null) {
            if (beanFactory == null) {
                throw new MissingBindsException("@UseBind was entered inside a transaction, and its advisor has no Binds "
                        + "to ask whether that transaction may change bind: it was created outside a Spring bean factory. "
                        + "Declare the UseBindAdvisor as a bean next to the Binds bean, or create it with new UseBindAdvisor(binds).");
            }
            r = beanFactory.getBean(Binds.class).router();
            router = r;
        }
        return r;
    }

    private static UseBind find(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        UseBind onMethod = AnnotatedElementUtils.findMergedAnnotation(specific, UseBind.class);
        if (onMethod != null) {
            return onMethod;
        }
        onMethod = AnnotatedElementUtils.findMergedAnnotation(method, UseBind.class);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(targetClass, UseBind.class);
    }

    /** Methods annotated with {@code @UseBind}, or of a class that is. */
    private static final class UseBindPointcut extends StaticMethodMatcher implements Pointcut {
        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return find(method, targetClass) != null;
        }

        @Override
        public ClassFilter getClassFilter() {
            return ClassFilter.TRUE;
        }

        @Override
        public MethodMatcher getMethodMatcher() {
            return this;
        }
    }
}
