package dev.bindery.hibernate.model;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Entity;

/** An administrator: a {@link User} subclass, also bound to {@code auth}. */
@Entity
@BindKey("auth")
public class Admin extends User {
    private String scope;

    protected Admin() {
    }

    public Admin(String name, String scope) {
        super(name);
        this.scope = scope;
    }

    public String getScope() {
        return scope;
    }
}
