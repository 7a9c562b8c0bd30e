package dev.bindery.javalin;

import dev.bindery.servlet.TestDatabase;
import dev.bindery.servlet.BinderyFilter;
import dev.bindery.servlet.LifecycleSettings;
import dev.bindery.servlet.RollbackRule;
import dev.bindery.servlet.SessionAvailability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Javalin plugin and the servlet filter are two adapters over one lifecycle: each exposes every lifecycle setting,
 * under the same name, and the same calls give both the same settings.
 */
class AdaptersShareTheLifecycleOptionsTest {
    private final TestDatabase data = TestDatabase.create("adapters");
    private final TestDatabase other = TestDatabase.create("adapters-other");

    @AfterEach
    void stop() {
        data.close();
        other.close();
    }

    /** Every option away from its default, so an adapter that dropped one would show a different result. */
    private <B extends LifecycleSettings.Options<B>> B everyOption(B options) {
        return options.session(data.db).session("other", other.db, SessionAvailability.ON_DEMAND)
                .rollbackOn(RollbackRule.CLIENT_AND_SERVER_ERRORS).readYourWrites(false)
                .readYourWritesWindow(Duration.ofSeconds(42)).readYourWritesCookie("ryw").bindHeader("X-Bind");
    }

    @Test
    void theSameOptionsGiveThePluginAndTheFilterTheSameSettings() {
        BinderyPlugin.Config plugin = everyOption(new BinderyPlugin.Config());
        BinderyFilter filter = everyOption(BinderyFilter.builder()).build();
        LifecycleSettings standalone = everyOption(LifecycleSettings.builder()).build();

        assertThat(plugin.settings().toString()).isEqualTo(filter.settings().toString())
                .isEqualTo(standalone.toString())
                .isNotEqualTo(LifecycleSettings.builder().session(data.db).build().toString());
        LifecycleSettings s = filter.settings();
        assertThat(s.keys()).containsExactly("db", "other");
        assertThat(s.availability("other")).isEqualTo(SessionAvailability.ON_DEMAND);
        assertThat(s.rollbackRule()).isEqualTo(RollbackRule.CLIENT_AND_SERVER_ERRORS);
        assertThat(s.readYourWrites()).isFalse();
        assertThat(s.readYourWritesWindow()).isEqualTo(Duration.ofSeconds(42));
        assertThat(s.readYourWritesCookie()).isEqualTo("ryw");
        assertThat(s.bindHeader()).isEqualTo("X-Bind");
    }

    @Test
    void everyLifecycleSettingIsAnOptionOfBothAdaptersThatReturnsTheAdapter() {
        Set<String> settings = Arrays.stream(LifecycleSettings.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).filter(n -> !n.equals("toString") && !n.equals("availability"))
                .collect(Collectors.toSet());
        List<String> options = Arrays.stream(LifecycleSettings.Options.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).toList();
        assertThat(options).as("every setting can be set").containsAll(settings.stream()
                .map(n -> n.equals("keys") ? "session" : n.equals("rollbackRule") ? "rollbackOn" : n).toList());

        for (Class<?> adapter : List.of(BinderyPlugin.Config.class, BinderyFilter.Builder.class)) {
            assertThat(LifecycleSettings.Options.class.isAssignableFrom(adapter)).as(adapter.getName()).isTrue();
            for (Method option : LifecycleSettings.Options.class.getDeclaredMethods()) {
                if (!Modifier.isPublic(option.getModifiers()) || option.getName().equals("keys")
                        || option.getName().equals("settings")) {
                    continue;
                }
                assertThat(option.getReturnType()).as(option.getName()).isEqualTo(LifecycleSettings.Options.class);
            }
            assertThat(Arrays.stream(adapter.getMethods()).map(Method::getName))
                    .as("the only option of its own is the resolver").contains("resolver");
            assertThat(Arrays.stream(adapter.getDeclaredMethods())
                    .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()).map(Method::getName)
                    .filter(n -> !n.equals("resolver") && !n.equals("build")))
                    .as(adapter.getName() + " declares no option besides the resolver").isEmpty();
        }
    }
}
