package dev.bindery.example.spring.audit;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An audit entry, in the second group {@code audit}: its own primary and replica, its own database. */
@Entity
@Table(name = "audit_entry")
@BindKey("audit")
public class AuditEntry {
    /** Longest action accepted. */
    public static final int MAX_ACTION = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = MAX_ACTION)
    private String action;

    protected AuditEntry() {
    }

    public AuditEntry(String action) {
        this.action = action;
    }

    public Long getId() {
        return id;
    }

    public String getAction() {
        return action;
    }
}
