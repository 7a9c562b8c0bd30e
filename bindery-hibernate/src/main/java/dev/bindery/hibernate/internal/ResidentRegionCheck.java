package dev.bindery.hibernate.internal;

import dev.bindery.hibernate.SessionProperties;
import dev.bindery.spi.Router;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Standard sessions: before a {@code @Resident(regionAttribute = ...)} entity is inserted or updated, core's router
 * checks its own region against the session's ({@link SessionProperties#REGION}, else the {@code BindContext}'s), and
 * refuses it with {@code ResidencyViolationException} before its statement is sent.
 */
final class ResidentRegionCheck implements PreInsertEventListener, PreUpdateEventListener {
    private static final long serialVersionUID = 1L;
    private static final ResidentEntity NONE = new ResidentEntity("", null);

    private final transient Router router;
    private final transient Map<Class<?>, ResidentEntity> rules = new ConcurrentHashMap<>();

    ResidentRegionCheck(Router router) {
        this.router = router;
    }

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        check(event.getEntity(), event.getSession());
        return false;
    }

    @Override
    public boolean onPreUpdate(PreUpdateEvent event) {
        check(event.getEntity(), event.getSession());
        return false;
    }

    private void check(Object entity, SharedSessionContractImplementor session) {
        ResidentEntity r = rules.computeIfAbsent(entity.getClass(), c -> {
            ResidentEntity of = ResidentEntity.of(c);
            return of == null || of.regionField() == null ? NONE : of;
        });
        if (r != NONE) {
            Object region = SessionPropertyReader.get(session, SessionProperties.REGION);
            router.checkEntityRegion(r.name(), r.regionOf(entity), r.regionField().getName(), region == null ? null : region.toString());
        }
    }
}
