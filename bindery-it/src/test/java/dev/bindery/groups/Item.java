package dev.bindery.groups;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the replica-group tests' {@code item} table, for the reads through a RoutingSession. */
@Entity
@Table(name = "item")
public class Item {
    @Id
    private Integer id;
    private String name;

    protected Item() {
    }

    public Integer getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
