package dev.bindery.hibernate.badmodel;

import dev.bindery.hibernate.BindKey;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Bound to a key no Binds in the tests defines. */
@Entity
@BindKey("ledger")
public class Orphan {
    @Id
    private Long id;
}
