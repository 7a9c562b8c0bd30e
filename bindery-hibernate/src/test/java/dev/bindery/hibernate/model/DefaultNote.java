package dev.bindery.hibernate.model;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** Overrides the {@code meta} key of {@link Audited}: this entity lives in the default group. */
@Entity
@BindKey("default")
public class DefaultNote extends Audited {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    public Long getId() {
        return id;
    }
}
