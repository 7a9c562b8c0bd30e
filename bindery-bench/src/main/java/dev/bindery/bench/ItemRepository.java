package dev.bindery.bench;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data over {@link Item}: {@code findById} is a {@code @Transactional(readOnly = true)} method by default. */
public interface ItemRepository extends JpaRepository<Item, Integer> {
}
