package dev.bindery.residency.model;

import dev.bindery.hibernate.BindKey;
import dev.bindery.hibernate.Resident;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Resident data in the group {@code users}, split by region. */
@Entity
@BindKey("users")
@Resident(regionAttribute = "region")
public class Customer {
    @Id
    private Long id;
    private String region;

    protected Customer() {
    }

    public Customer(long id, String region) {
        this.id = id;
        this.region = region;
    }

    public String getRegion() {
        return region;
    }
}
