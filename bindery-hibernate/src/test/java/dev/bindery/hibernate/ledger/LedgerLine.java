package dev.bindery.hibernate.ledger;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** A ledger line in the default group; the test adds a deferred unique constraint on {@code ref}. */
@Entity
public class LedgerLine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String ref;

    protected LedgerLine() {
    }

    public LedgerLine(String ref) {
        this.ref = ref;
    }
}
