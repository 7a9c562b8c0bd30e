package dev.bindery.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries of Bindery as ArchUnit rules (ARCHITECTURE.md, "Packages"). A module is named by the package
 * segment after {@code dev.bindery}; core owns {@code dev.bindery} itself and its {@code config}, {@code spi},
 * {@code status} and {@code internal} packages.
 */
final class ModuleBoundaries {
    private static final Set<String> CORE_PACKAGES = Set.of("config", "spi", "status", "internal");

    private ModuleBoundaries() {
    }

    /** No class uses the {@code internal} package of another module. */
    static ArchRule internalPackagesStayInTheirModule() {
        return classes().should(new ArchCondition<JavaClass>("use no other module's internal package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = moduleOf(item.getPackageName());
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    String pkg = target.getPackageName();
                    if (isInternal(pkg) && pkg.startsWith("dev.bindery") && !moduleOf(pkg).equals(own)) {
                        events.add(SimpleConditionEvent.violated(item, "module '" + own + "' uses module '"
                                + moduleOf(pkg) + "' internals: " + d.getDescription()));
                    }
                }
            }
        });
    }

    /**
     * The routing refusals ({@code BindSwitchException}, {@code ReplicaWriteException}, {@code BindGroupMismatchException},
     * the residency exceptions) are built by core's router alone ({@code dev.bindery.internal}), which counts them and
     * shows them to listeners; modules ask it ("The routing rule and every refusal live in core's router").
     * {@code allowed} names classes still building their own, each an open item.
     */
    static ArchRule routingRefusalsComeFromTheRouter() {
        return noClasses().that().resideOutsideOfPackage("dev.bindery.internal")
                .and().areNotAssignableTo(dev.bindery.BinderyException.class)   // their own super(...) calls
                .should().callConstructorWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        JavaClass.Predicates.assignableTo(dev.bindery.BindSwitchException.class)
                                .or(JavaClass.Predicates.assignableTo(dev.bindery.BindGroupMismatchException.class))
                                .or(JavaClass.Predicates.assignableTo(dev.bindery.ResidencyException.class)))))
                .because("core's router counts every routing refusal by kind and shows it to listeners: ask it "
                        + "(Router.checkStatement, checkHeld, checkBindEntered, route) instead of building the exception");
    }

    /** A public type outside {@code internal} shows no internal type in its supertypes, fields, methods or constructors. */
    static ArchRule publicApiExposesNoInternalType() {
        return classes().that(publicApi()).should(new ArchCondition<JavaClass>("expose no internal type") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                if (item.getRawSuperclass().isPresent()) {
                    exposed(item, "extends", item.getRawSuperclass().get(), events);
                }
                for (JavaClass i : item.getRawInterfaces()) {
                    exposed(item, "implements", i, events);
                }
                for (JavaField f : item.getFields()) {
                    if (visible(f.getModifiers())) {
                        exposed(item, "field " + f.getName() + " has type", f.getRawType(), events);
                    }
                }
                for (JavaCodeUnit c : item.getCodeUnits()) {
                    if (!visible(c.getModifiers())) {
                        continue;
                    }
                    exposed(item, c.getName() + "(...) returns", c.getRawReturnType(), events);
                    for (JavaClass p : c.getRawParameterTypes()) {
                        exposed(item, c.getName() + "(...) takes", p, events);
                    }
                }
            }
        });
    }

    private static void exposed(JavaClass owner, String how, JavaClass type, ConditionEvents events) {
        String pkg = type.getBaseComponentType().getPackageName();
        if (isInternal(pkg)) {
            events.add(SimpleConditionEvent.violated(owner, owner.getName() + " " + how + " internal type "
                    + type.getName() + "; move the type out of 'internal' or keep it out of the public signature"));
        }
    }

    private static DescribedPredicate<JavaClass> publicApi() {
        return DescribedPredicate.describe("are public API", c -> c.getModifiers().contains(JavaModifier.PUBLIC)
                && !isInternal(c.getPackageName()) && isPublicAllTheWayOut(c));
    }

    private static boolean isPublicAllTheWayOut(JavaClass c) {
        for (JavaClass e = c; e != null; e = e.getEnclosingClass().orElse(null)) {
            if (!e.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    /** The module a package belongs to: {@code core} for {@code dev.bindery[.config|.spi|.status|.internal]}. */
    static String moduleOf(String pkg) {
        if (!pkg.startsWith("dev.bindery")) {
            return pkg;
        }
        if (pkg.equals("dev.bindery")) {
            return "core";
        }
        String rest = pkg.substring("dev.bindery.".length());
        int dot = rest.indexOf('.');
        String first = dot < 0 ? rest : rest.substring(0, dot);
        if (first.equals("spring") && (rest.equals("spring.boot") || rest.startsWith("spring.boot."))) {
            return "spring-boot";           // the starter is a module of its own, beside bindery-spring
        }
        return CORE_PACKAGES.contains(first) ? "core" : first;
    }
}
