package dev.bindery.hibernate.resident;

import dev.bindery.hibernate.Resident;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Resident data in the default group, whose primary is in the EU and which has an EU and a US replica. */
@Entity
@Resident(regionAttribute = "region")
public class Patient {
    @Id
    private Long id;
    private String region;

    protected Patient() {
    }

    public Patient(long id, String region) {
        this.id = id;
        this.region = region;
    }

    public String getRegion() {
        return region;
    }
}
