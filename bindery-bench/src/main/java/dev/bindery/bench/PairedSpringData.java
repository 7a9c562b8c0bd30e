package dev.bindery.bench;

import dev.bindery.Binds;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Spring Data {@code findById} (a {@code @Transactional(readOnly = true)} repository method) in three Spring Boot
 * applications that differ only in their DataSource, run {@link Interleaved}: {@code springPlain} on the replica
 * bind's pool with no routing, {@code springRecipe} on the hand-written recipe ({@code LazyConnectionDataSourceProxy}
 * over the primary's pool with the replica's as its read-only DataSource), {@code binderyStarter} on the Bindery
 * starter's auto-configuration as an application gets it (its routing DataSource, bindery-hibernate's routed
 * {@code EntityManagerFactory} over it, the read-only flush on Spring Boot's transaction manager). All three use the same
 * two HikariCP pools (the starter's binds over one H2 database), so only the routing layer differs. Set-up checks that
 * the starter's factory is Bindery's routed one and the others' Hibernate's own, and that each variant's read holds a
 * connection of the replica pool.
 *
 * <pre>java -cp $(cat bindery-bench/target/spring-classpath.txt) dev.bindery.bench.PairedSpringData [rounds] [slice-ms] [warm-up-rounds]</pre>
 */
public final class PairedSpringData {

    private PairedSpringData() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long slice = args.length > 1 ? Long.parseLong(args[1]) : 100;
        SharedDatabase db = new SharedDatabase();
        db.createSchemaAndPools();
        SpringDataApp starter = SpringDataApp.configured("bindery-starter", Map.of(
                "bindery.url", SharedDatabase.URL, "bindery.username", "sa", "bindery.pool-size", SharedDatabase.POOL_SIZE,
                "bindery.binds.replica.url", SharedDatabase.URL, "bindery.binds.replica.username", "sa",
                "bindery.binds.replica.pool-size", SharedDatabase.POOL_SIZE,
                "bindery.binds.replica.replica-of", Binds.DEFAULT));
        Binds binds = starter.context.getBean(Binds.class);
        DataSource primary = binds.dataSource(Binds.DEFAULT);
        DataSource replica = binds.dataSource(BinderyRouting.REPLICA);
        LazyConnectionDataSourceProxy recipeDataSource = new LazyConnectionDataSourceProxy(primary);
        recipeDataSource.setReadOnlyDataSource(replica);
        recipeDataSource.afterPropertiesSet();
        SpringDataApp recipe = SpringDataApp.with("spring-recipe", recipeDataSource);
        SpringDataApp plain = SpringDataApp.with("spring-plain", replica);

        starter.checkFactory("binderyStarter", true);
        recipe.checkFactory("springRecipe", false);
        plain.checkFactory("springPlain", false);
        starter.checkReadReaches("binderyStarter", SpringDataApp.pool(replica), SpringDataApp.pool(primary));
        recipe.checkReadReaches("springRecipe", SpringDataApp.pool(replica), SpringDataApp.pool(primary));
        plain.checkReadReaches("springPlain", SpringDataApp.pool(replica), SpringDataApp.pool(primary));

        Interleaved variants = new Interleaved()
                .add("springPlain", "springPlain", id -> plain.items.findById(id).orElseThrow())
                .add("springRecipe", "springPlain", id -> recipe.items.findById(id).orElseThrow())
                .add("binderyStarter", "springRecipe", id -> starter.items.findById(id).orElseThrow())
                .add("binderyStarterVsPlain", "springPlain", id -> starter.items.findById(id).orElseThrow());
        variants.run(args.length > 2 ? Integer.parseInt(args[2]) : 20, rounds, slice);
        plain.close();
        recipe.close();
        starter.close();
        db.closePools();
    }
}
