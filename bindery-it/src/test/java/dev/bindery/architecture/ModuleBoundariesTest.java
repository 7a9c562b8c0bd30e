package dev.bindery.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.core.domain.JavaModifier;
import dev.bindery.AvailabilityException;
import dev.bindery.BinderyException;
import dev.bindery.ConfigurationException;
import dev.bindery.RefusedWorkException;
import dev.bindery.ResidencyException;
import dev.bindery.architecture.violation.BuildsItsOwnRefusal;
import dev.bindery.architecture.violation.ExposesAnInternalType;
import dev.bindery.architecture.violation.UsesCoreInternals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.conditions.ArchConditions.beAssignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/** Every module keeps its internals to itself, and public API shows no internal type. */
class ModuleBoundariesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ModuleBoundariesTest::isBinderyModuleOutput)
                .importPackages("dev.bindery");
        assertThat(production.contain("dev.bindery.Binds")).as("core was imported").isTrue();
        assertThat(production.stream().map(c -> ModuleBoundaries.moduleOf(c.getPackageName())).distinct())
                .as("modules seen").contains("core", "hibernate", "servlet", "javalin", "micrometer", "test", "spring", "spring-boot");
    }

    /** Bindery's own classes, from target/classes (a test run) or from the modules' jars (a verify run). */
    private static boolean isBinderyModuleOutput(Location location) {
        return location.contains("/bindery-") && !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        ModuleBoundaries.internalPackagesStayInTheirModule().check(production);
    }

    @Test
    void publicTypesExposeNoInternalType() {
        ModuleBoundaries.publicApiExposesNoInternalType().check(production);
    }

    @Test
    void everyExceptionBelongsToOneFamily() {
        classes().that().areAssignableTo(BinderyException.class).and().doNotHaveModifier(JavaModifier.ABSTRACT)
                .should(beAssignableTo(RefusedWorkException.class).or(beAssignableTo(ResidencyException.class))
                        .or(beAssignableTo(ConfigurationException.class)).or(beAssignableTo(AvailabilityException.class)))
                .check(production);
    }

    @Test
    void onlyCoresRouterBuildsRoutingRefusals() {
        ModuleBoundaries.routingRefusalsComeFromTheRouter().check(production);
    }

    @Test
    void theRefusalRuleCatchesAModuleBuildingItsOwn() {
        EvaluationResult own = ModuleBoundaries.routingRefusalsComeFromTheRouter()
                .evaluate(new ClassFileImporter().importClasses(BuildsItsOwnRefusal.class));
        assertThat(own.getFailureReport().getDetails()).singleElement().asString()
                .contains(BuildsItsOwnRefusal.class.getName()).contains("ReplicaWriteException.<init>");
    }

    @Test
    void theRulesCatchADeliberateViolation() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(UsesCoreInternals.class, ExposesAnInternalType.class);
        EvaluationResult internals = ModuleBoundaries.internalPackagesStayInTheirModule().evaluate(fixtures);
        EvaluationResult exposure = ModuleBoundaries.publicApiExposesNoInternalType().evaluate(fixtures);
        assertThat(internals.getFailureReport().getDetails()).singleElement().asString()
                .contains("module 'architecture' uses module 'core' internals");
        assertThat(exposure.getFailureReport().getDetails()).singleElement().asString()
                .contains("hidden(...) returns internal type dev.bindery.architecture.violation.internal.Hidden");
    }

    @Test
    void modulesAreNamedByTheirPackage() {
        assertThat(ModuleBoundaries.moduleOf("dev.bindery")).isEqualTo("core");
        assertThat(ModuleBoundaries.moduleOf("dev.bindery.spi")).isEqualTo("core");
        assertThat(ModuleBoundaries.moduleOf("dev.bindery.internal")).isEqualTo("core");
        assertThat(ModuleBoundaries.moduleOf("dev.bindery.hibernate.internal")).isEqualTo("hibernate");
        assertThat(ModuleBoundaries.moduleOf("dev.bindery.spring.internal")).isEqualTo("spring");
        assertThat(ModuleBoundaries.moduleOf("dev.bindery.spring.boot.internal")).isEqualTo("spring-boot");
        assertThat(ModuleBoundaries.moduleOf("dev.bindery.servlet")).isEqualTo("servlet");
    }
}
