package dev.bindery.spring.boot.app;

import org.springframework.data.jpa.repository.JpaRepository;

/** A plain Spring Data repository of a {@code @BindKey("audit")} entity: no configuration names its factory. */
// tag::groups[]
public interface AuditRepository extends JpaRepository<AuditEntry, Long> {   // AuditEntry is @BindKey("audit")
}
// end::groups[]
