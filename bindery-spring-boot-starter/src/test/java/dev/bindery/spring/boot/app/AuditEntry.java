package dev.bindery.spring.boot.app;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entry of the group {@code audit}: the starter gives the group its own EntityManagerFactory. */
@Entity
@Table(name = "audit_entry")
@BindKey("audit")
public class AuditEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String action;

    protected AuditEntry() {
    }

    public AuditEntry(String action) {
        this.action = action;
    }

    public Long getId() {
        return id;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getAction() {
        return action;
    }
}
