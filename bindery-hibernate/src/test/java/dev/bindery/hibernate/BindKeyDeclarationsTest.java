package dev.bindery.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bindery.Binds;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import org.junit.jupiter.api.Test;

/**
 * The {@code @BindKey} declarations of docs/hibernate.md, mapped as written: a key is inherited from an entity
 * superclass or a mapped superclass, and a subclass of a mapped superclass may name its own. The tagged region is
 * shown verbatim in the doc (DocSnippetsAreCompiledTest in bindery-it checks it).
 */
class BindKeyDeclarationsTest {

    // tag::bind-key[]
    @Entity @BindKey("auth") static class Account { @Id Long id; String name; }
    @Entity static class Admin extends Account { String level; }                // inherits "auth"
    @MappedSuperclass @BindKey("meta") abstract static class Audited { @Id Long id; String author; }
    @Entity static class MetaNote extends Audited { String text; }             // "meta", from the mapped superclass
    @Entity @BindKey("default") static class DefaultNote extends Audited { String text; }   // a subclass may override
    // end::bind-key[]

    @Test
    void keysAreInheritedFromSuperclassesAndMayBeOverriddenBelowAMappedSuperclass() {
        try (Binds binds = Binds.builder()
                .bind(Binds.DEFAULT, H2.url("bind-key-default"))
                .bind("auth", H2.url("bind-key-auth"))
                .bind("meta", H2.url("bind-key-meta"))
                .build();
             Database db = Database.builder(binds)
                     .entities(Account.class, Admin.class, MetaNote.class, DefaultNote.class).build()) {
            assertThat(db.entities("auth")).containsExactlyInAnyOrder(Account.class, Admin.class);
            assertThat(db.entities("meta")).containsExactly(MetaNote.class);
            assertThat(db.entities(Binds.DEFAULT)).containsExactly(DefaultNote.class);
        }
    }
}
