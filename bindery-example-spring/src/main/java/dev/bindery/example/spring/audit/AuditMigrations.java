package dev.bindery.example.spring.audit;

import dev.bindery.Binds;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Flyway for the audit group ({@code db/audit}), on the group's primary bind. Spring Boot's Flyway migrates the
 * default group (through the starter's routing DataSource, on its primary); the starter does not yet migrate other
 * groups, so the application does it here, with the primary's own pool. Does nothing without Bindery's binds.
 */
@Configuration(proxyBeanMethods = false)
public class AuditMigrations {

    @Bean
    InitializingBean migrateAuditGroup(ObjectProvider<Binds> binds) {
        return () -> binds.ifAvailable(b -> Flyway.configure().dataSource(b.dataSource("audit"))
                .locations("classpath:db/audit").load().migrate());
    }
}
