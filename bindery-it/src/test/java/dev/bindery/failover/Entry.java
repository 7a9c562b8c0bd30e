package dev.bindery.failover;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the {@code entry} table the Hibernate failover tests write through a RoutingSession. */
@Entity
@Table(name = "entry")
public class Entry {
    @Id
    private Long id;
    private String name;

    protected Entry() {
    }

    Entry(long id, String name) {
        this.id = id;
        this.name = name;
    }
}
