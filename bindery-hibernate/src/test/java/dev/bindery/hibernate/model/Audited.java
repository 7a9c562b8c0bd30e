package dev.bindery.hibernate.model;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.MappedSuperclass;

/** A mapped superclass that puts its entities in the {@code meta} group. */
@MappedSuperclass
@BindKey("meta")
public abstract class Audited {
    private String createdBy;

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }
}
