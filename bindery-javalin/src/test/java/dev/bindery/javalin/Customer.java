package dev.bindery.javalin;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** Resident data: customers live in the group {@code customers}, split by region ({@code customers@eu}, ...). */
@Entity
@BindKey("customers")
public class Customer {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;

    public Customer() {
    }

    public Customer(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }
}
