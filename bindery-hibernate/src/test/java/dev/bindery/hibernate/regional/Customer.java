package dev.bindery.hibernate.regional;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A customer in the group {@code customers}, split by region ({@code customers@eu}, {@code customers@us}). */
@Entity
@BindKey("customers")
public class Customer {
    @Id
    private Long id;
    private String name;

    protected Customer() {
    }

    public Customer(long id, String name) {
        this.id = id;
        this.name = name;
    }

    public String getName() {
        return name;
    }
}
