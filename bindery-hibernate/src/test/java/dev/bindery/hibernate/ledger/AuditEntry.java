package dev.bindery.hibernate.ledger;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** An audit record in the {@code audit} group. */
@Entity
@BindKey("audit")
public class AuditEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String event;

    protected AuditEntry() {
    }

    public AuditEntry(String event) {
        this.event = event;
    }

    public Long getId() {
        return id;
    }
}
