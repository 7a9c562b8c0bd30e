package dev.bindery.example.spring.notes;

import org.springframework.data.jpa.repository.JpaRepository;

/** Plain Spring Data: its read methods are read-only transactions, so they go to a replica. */
public interface NoteRepository extends JpaRepository<Note, Long> {
}
