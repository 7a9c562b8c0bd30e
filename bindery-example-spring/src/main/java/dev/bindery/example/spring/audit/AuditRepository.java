package dev.bindery.example.spring.audit;

import org.springframework.data.jpa.repository.JpaRepository;

/** Plain Spring Data over the {@code audit} group: the starter gives it that group's EntityManagerFactory. */
public interface AuditRepository extends JpaRepository<AuditEntry, Long> {
}
