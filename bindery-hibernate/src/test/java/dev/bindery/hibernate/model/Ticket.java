package dev.bindery.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/** A versioned entity in the default group, with an assigned id. */
@Entity
public class Ticket {
    @Id
    private Long id;
    @Version
    private long version;
    private String status;

    protected Ticket() {
    }

    public Ticket(long id, String status) {
        this.id = id;
        this.status = status;
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }
}
