package dev.bindery.residency.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Non-resident reference data in the default group. */
@Entity
public class Country {
    @Id
    private String code;

    protected Country() {
    }

    public Country(String code) {
        this.code = code;
    }
}
