package dev.bindery.spring.boot.app;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface NoteRepository extends JpaRepository<Note, Long> {
    /** Renames a note in one statement (Hibernate evicts the cached notes when it commits). */
    @Modifying
    @Transactional
    @Query("update Note n set n.text = :text where n.id = :id")
    int rename(@Param("id") long id, @Param("text") String text);
}
