package dev.bindery.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.bindery.spi.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One health-check round of a {@code failover=follow} group: asks every member its role and position on the health
 * pool's connection, lets {@link PrimaryElection} decide, then applies the verdict: promotes, fences, records a
 * split-brain, and feeds the positions to each member's {@link BindHealth} under its role now. Each change is logged
 * once.
 */
final class FollowCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FollowCheck.class);

    /** One member's answer in this round. */
    private record Answer(RoleProbe.MemberRole role, ReplicationProbe.Observation observation) {
    }

    private final Consumer<HikariDataSource> closeWhenIdle;
    /** Members whose last ask failed: asked through a direct connection, which fails at once when refused. */
    private final java.util.Set<BindNode> unanswered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FollowCheck(Consumer<HikariDataSource> closeWhenIdle) {
        this.closeWhenIdle = closeWhenIdle;
    }

    void check(ReplicaGroup group) {
        GroupRoles roles = group.roles();
        synchronized (roles) {
            Map<String, Answer> answers = new LinkedHashMap<>();
            Map<String, RoleProbe.MemberRole> said = new LinkedHashMap<>();
            BindNode[] members = group.members();
            for (BindNode m : members) {
                Answer a = ask(m);
                answers.put(m.key(), a);
                if (a != null) {
                    m.health().timelineSeen(a.role().timeline());
                }
                said.put(m.key(), a == null ? null : a.role());
            }
            BindNode before = group.primary();
            PrimaryElection.Verdict v = PrimaryElection.elect(before.key(), roles.timeline(), said);
            if (!v.primary().equals(before.key())) {
                promote(group, before, group.member(v.primary()), roles.timeline(), v.timeline());
            } else if (v.timeline() != roles.timeline() && roles.timeline() > 0) {
                LOG.info("Group '{}': primary '{}' is on timeline {} (was {})", group.key(), before.key(), v.timeline(), roles.timeline());
            }
            roles.timeline(v.timeline());
            splitBrain(group, roles, v.splitBrain());
            apply(group, v, answers);
            roles.rounds.increment();
        }
    }

    private static void remember(BindNode m, Answer a, Map<String, Answer> answers, Map<String, RoleProbe.MemberRole> said) {
        answers.put(m.key(), a);
        said.put(m.key(), a == null ? null : a.role());
        if (a != null) {
            m.health().timelineSeen(a.role().timeline());
        }
    }

    private Answer ask(BindNode m) {
        int timeout = (int) Math.max(1, m.groupConfig().groupOptions().healthCheckTimeout().toSeconds());
        boolean direct = unanswered.contains(m);
        try (Connection c = direct ? m.directConnection(timeout) : m.probeConnection()) {
            RoleProbe.MemberRole role = following(m, m.roleProbe().ask(c, timeout));
            ReplicationProbe.Observation o = m.probe().observe(c, role.writable() ? Role.PRIMARY : Role.REPLICA, timeout);
            unanswered.remove(m);
            return new Answer(role, o);
        } catch (SQLException | RuntimeException e) {
            unanswered.add(m);
            m.health().checkFailed(m.scrub(e.getMessage()));
            return null;
        }
    }

    /**
     * A member's timeline never goes back, so a following member that reports an older one than it did before (it lost
     * its WAL receiver with the primary, and its restart point predates a switchover it followed) keeps the newer one;
     * otherwise every replica would be fenced the moment the primary dies, just when they must serve the reads.
     */
    private static RoleProbe.MemberRole following(BindNode m, RoleProbe.MemberRole role) {
        long known = m.health().timeline();
        return !role.writable() && role.timeline() < known ? new RoleProbe.MemberRole(false, known) : role;
    }

    private void promote(ReplicaGroup group, BindNode old, BindNode next, long fromTimeline, long toTimeline) {
        long replayed = next.health().position();   // a lower bound of where the old timeline ended
        group.roles().history().ended(fromTimeline, replayed);
        long exact = -1;
        if (fromTimeline > 0 && toTimeline > fromTimeline) {
            int timeout = (int) Math.max(1, group.options().healthCheckTimeout().toSeconds());
            try (Connection c = next.probeConnection()) {
                exact = next.roleProbe().switchpoint(c, fromTimeline, toTimeline, timeout);
            } catch (SQLException | RuntimeException e) {
                exact = -1;
            }
            group.roles().history().endedExactly(fromTimeline, exact);
        }
        // Roles and pools first, then the group: a write routed to the new primary must find its writable pool.
        close(next.changeRole(Role.PRIMARY, "promoted: it takes writes on timeline " + describe(toTimeline)
                + ", and is the primary of group '" + group.key() + "' now (was '" + old.key() + "')"));
        group.promote(next);
        close(old.changeRole(Role.REPLICA, "was the primary of group '" + group.key() + "' until '" + next.key()
                + "' was promoted; it receives no work until it follows timeline " + describe(toTimeline)));
        group.roles().failedOver(Instant.now());
        try (Connection warm = next.getConnection()) {
            warm.isValid(1);   // start the new primary's writable pool now, not on the first write
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not open a connection to the new primary '{}' yet: {}", next.key(), next.scrub(e.getMessage()));
        }
        long end = group.roles().history().endOf(fromTimeline);
        LOG.warn("Group '{}' failed over: primary '{}' -> '{}' (timeline {} -> {}, old timeline ended at {}{}); writes go to '{}'",
                group.key(), old.key(), next.key(), describe(fromTimeline), describe(toTimeline),
                end < 0 ? "?" : lsnText(end), exact >= 0 || end < 0 ? "" : " or later", next.key());
    }

    private void close(HikariDataSource pool) {
        if (pool != null) {
            closeWhenIdle.accept(pool);
        }
    }

    private static void splitBrain(ReplicaGroup group, GroupRoles roles, List<String> now) {
        List<String> was = roles.splitBrain();
        if (Objects.equals(was, now)) {
            return;
        }
        roles.splitBrain(now);
        if (now != null) {
            LOG.error("Group '{}' is split-brained: members '{}' and '{}' both take writes and nothing tells which is current; "
                    + "writes are refused until only one of them is writable", group.key(), now.get(0), now.get(1));
        } else {
            LOG.warn("Group '{}' is no longer split-brained: '{}' is its only writable member; writes go there again",
                    group.key(), group.primary().key());
        }
    }

    private static void apply(ReplicaGroup group, PrimaryElection.Verdict v, Map<String, Answer> answers) {
        BindNode primary = group.primary();
        Answer p = answers.get(primary.key());
        if (p != null) {
            if (p.role().writable()) {
                primary.health().primaryChecked(p.observation().position());
            } else {
                primary.health().notWritable("is in recovery (demoted); no member of group '" + group.key()
                        + "' takes writes yet");
            }
        }
        long primaryPosition = primary.health().position();
        for (BindNode r : group.replicas()) {
            Answer a = answers.get(r.key());
            if (a == null) {
                continue;
            }
            if (v.fenced().contains(r.key())) {
                r.health().fence(fenceReason(group, v, r, a));
            } else if (HealthMonitor.poolServes(r)) {
                r.health().replicaChecked(a.observation().position(), primaryPosition, a.observation().replayLagMillis(),
                        a.observation().caughtUpWithReceived());
            }
        }
    }

    private static String fenceReason(ReplicaGroup group, PrimaryElection.Verdict v, BindNode r, Answer a) {
        if (v.splitBrain() != null && v.splitBrain().contains(r.key())) {
            return "takes writes next to '" + v.splitBrain().stream().filter(k -> !k.equals(r.key())).findFirst().orElse("?")
                    + "' with nothing to tell which is current (split-brain)";
        }
        String where = "timeline " + describe(a.role().timeline()) + ", the group's is " + describe(v.timeline());
        return a.role().writable() ? "takes writes on an old " + where + ": fenced, it never receives writes"
                : "follows an old " + where + ": it receives no reads";
    }

    private static String describe(long timeline) {
        return timeline <= 0 ? "?" : Long.toString(timeline);
    }

    private static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
