package dev.bindery.hibernate.resident;

import dev.bindery.hibernate.Resident;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Resident data with a note that tests change on the primary while replicas lag, so the note read says which node served. */
@Entity
@Resident(regionAttribute = "region")
public class Visit {
    @Id
    private Long id;
    private String region;
    private String note;

    protected Visit() {
    }

    public Visit(long id, String region, String note) {
        this.id = id;
        this.region = region;
        this.note = note;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
