package dev.bindery.javalin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bindery.hibernate.RoutingSession;
import io.javalin.apibuilder.CrudHandler;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.json.JsonMapper;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generic JSON CRUD view over one entity, for {@code ApiBuilder.crud("todos/{id}", view)}: a listing with offset
 * pagination ({@code ?offset=&limit=}, answering a {@link Page}), lookup that answers 404 when missing, create and
 * partial update from JSON validated by {@link #validate} (400 with the problems; an unknown or mistyped field is a
 * problem that names it), and delete (204).
 * Reads (GET) run in read-only sessions, so they go to replicas; the rest go to the primary.
 *
 * @param <T> the entity type; its identifier attribute is {@link #idAttribute()} ({@code id} by default)
 */
public abstract class CrudView<T> implements CrudHandler, SessionView {
    private final Class<T> type;
    private final String key;
    private final int defaultLimit;
    private final int maxLimit;
    private final ObjectMapper fallbackMapper = new ObjectMapper();

    /** A view over {@code type} in the session of key {@code "db"}, 20 items a page by default, at most 100. */
    protected CrudView(Class<T> type) {
        this(type, BinderyPlugin.DEFAULT_KEY, 20, 100);
    }

    /** A view over {@code type} in the session of {@code key}. */
    protected CrudView(Class<T> type, String key, int defaultLimit, int maxLimit) {
        this.type = Objects.requireNonNull(type, "type");
        this.key = Objects.requireNonNull(key, "key");
        if (defaultLimit < 1 || maxLimit < defaultLimit) {
            throw new IllegalArgumentException("Need 1 <= defaultLimit <= maxLimit, got " + defaultLimit + " and "
                    + maxLimit);
        }
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    @Override
    public String sessionKey() {
        return key;
    }

    /** The problems of {@code entity} before it is saved, one sentence each; empty when it is valid. */
    protected List<String> validate(T entity) {
        return List.of();
    }

    /** The identifier parsed from the path; the default reads a {@code long} and answers 400 otherwise. */
    protected Object parseId(String raw) {
        try {
            return Long.valueOf(raw);
        } catch (NumberFormatException e) {
            throw new ValidationFailedException(List.of("id '" + raw + "' is not a number"));
        }
    }

    /** The identifier attribute, also the listing's order; clients cannot set it. */
    protected String idAttribute() {
        return "id";
    }

    /** Attributes a client may not set on create or update; the identifier by default. */
    protected Set<String> protectedAttributes() {
        return Set.of(idAttribute());
    }

    /** The entity name used in queries; the class's simple name by default (JPA's default entity name). */
    protected String entityName() {
        return type.getSimpleName();
    }

    @Override
    public void getAll(Context ctx) {
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", defaultLimit, 1, maxLimit);
        RoutingSession s = session(ctx);
        long total = s.createSelectionQuery("select count(e) from " + entityName() + " e", Long.class)
                .getSingleResult();
        List<T> items = s.createSelectionQuery("from " + entityName() + " e order by e." + idAttribute(), type)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
        ctx.json(Page.of(items, total, offset, limit, ctx.path()));
    }

    @Override
    public void getOne(Context ctx, String id) {
        ctx.json(findOr404(ctx, type, parseId(id)));
    }

    @Override
    public void create(Context ctx) {
        T entity;
        try {
            entity = mapper(ctx).treeToValue(body(ctx), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ValidationFailedException(List.of(problemOf(e)));
        }
        requireValid(validate(entity));
        RoutingSession s = session(ctx);
        s.persist(entity);
        s.flush();
        ctx.status(201).json(entity);
    }

    @Override
    public void update(Context ctx, String id) {
        T entity = findOr404(ctx, type, parseId(id));
        try {
            mapper(ctx).readerForUpdating(entity).readValue(body(ctx));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new ValidationFailedException(List.of(problemOf(e)));
        }
        requireValid(validate(entity));
        session(ctx).flush();
        ctx.json(entity);
    }

    @Override
    public void delete(Context ctx, String id) {
        T entity = findOr404(ctx, type, parseId(id));
        session(ctx).remove(entity);
        ctx.status(204);
    }

    private ObjectNode body(Context ctx) {
        JsonNode node;
        try {
            node = mapper(ctx).readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new ValidationFailedException(List.of("the body is not valid JSON"));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ValidationFailedException(List.of("the body must be a JSON object"));
        }
        object.remove(protectedAttributes());
        return object;
    }

    /**
     * The problem a client can act on: the unknown field and the known ones, or the field whose value has the wrong
     * type; never the mapper's own message, which names Java classes.
     */
    private String problemOf(Exception e) {
        if (e.getCause() instanceof JsonMappingException cause && !(e instanceof JsonMappingException)) {
            return problemOf(cause);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            Set<String> known = new TreeSet<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            known.removeAll(protectedAttributes());
            return "unknown field '" + u.getPropertyName() + "'; the fields of a " + entityName() + " are "
                    + String.join(", ", known);
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty() && m.getPath().get(0).getFieldName() != null) {
            return "field '" + m.getPath().get(0).getFieldName() + "' has a value of the wrong type";
        }
        return "the body does not describe a " + entityName();
    }

    private ObjectMapper mapper(Context ctx) {
        JsonMapper m = ctx.jsonMapper();
        return m instanceof JavalinJackson jackson ? jackson.getMapper() : fallbackMapper;
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ValidationFailedException(List.of(name + " must be a whole number from " + min + " to " + max
                + ", was '" + raw + "'"));
    }
}
