package dev.bindery.bench;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The entity of the session benchmarks: a row of the small {@code item} table, in the default group. */
@Entity
@Table(name = "item")
public class Item {

    @Id
    private int id;

    @Column(nullable = false, length = 64)
    private String name;

    protected Item() {
    }

    Item(int id, String name) {
        this.id = id;
        this.name = name;
    }

    public int getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
