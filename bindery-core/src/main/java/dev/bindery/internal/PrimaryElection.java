package dev.bindery.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, from one round of answers of a {@code failover=follow} group's members, which member is the primary, which
 * are fenced and whether the group is split-brained. It never guesses:
 * <ul>
 *   <li>a writable member on a later timeline than the group's becomes the primary (a promotion; one per timeline);</li>
 *   <li>without timelines (MariaDB), a writable member becomes the primary only while the current primary is not seen
 *       writable (down or read-only);</li>
 *   <li>two writable members that nothing tells apart (the same timeline, or no timelines) are a split-brain: the
 *       primary stays, and writes are refused until one of them stops taking writes or falls behind on timeline;</li>
 *   <li>a member on an earlier timeline than the primary's (an old primary that came back writable, a replica that
 *       still follows it) is fenced.</li>
 * </ul>
 * A pure function of its inputs, so every case is a unit test.
 */
public final class PrimaryElection {
    private PrimaryElection() {
    }

    /**
     * The outcome of a round.
     *
     * @param primary    the member that is the primary now (maybe the one it was)
     * @param timeline   the group's timeline now (0: unknown)
     * @param fenced     members off the current timeline, which get no work
     * @param splitBrain the two members that cannot be told apart, or {@code null}
     */
    public record Verdict(String primary, long timeline, Set<String> fenced, List<String> splitBrain) {
    }

    /**
     * @param current  the current primary's key
     * @param timeline the group's timeline (0: unknown)
     * @param answers  each member's answer by key, in group order; {@code null} for a member that did not answer
     */
    public static Verdict elect(String current, long timeline, Map<String, RoleProbe.MemberRole> answers) {
        List<String> writable = new ArrayList<>();
        boolean unknownTimeline = false;
        for (Map.Entry<String, RoleProbe.MemberRole> e : answers.entrySet()) {
            if (e.getValue() != null && e.getValue().writable()) {
                writable.add(e.getKey());
                unknownTimeline |= e.getValue().timeline() <= 0;
            }
        }
        String primary = current;
        long next = timeline;
        List<String> split = null;
        if (unknownTimeline) {
            List<String> others = writable.stream().filter(k -> !k.equals(current)).toList();
            if (writable.contains(current) && !others.isEmpty()) {
                split = List.of(current, others.get(0));
            } else if (!writable.contains(current) && others.size() == 1) {
                primary = others.get(0);
            } else if (others.size() >= 2) {
                split = List.of(others.get(0), others.get(1));
            }
        } else {
            long newest = -1;
            for (String k : writable) {
                newest = Math.max(newest, answers.get(k).timeline());
            }
            if (newest > timeline) {
                long top = newest;
                List<String> newer = writable.stream().filter(k -> answers.get(k).timeline() == top).toList();
                if (newer.size() == 1) {
                    primary = newer.get(0);
                    next = top;
                } else {
                    String first = newer.contains(current) ? current : newer.get(0);
                    split = List.of(first, newer.stream().filter(k -> !k.equals(first)).findFirst().orElseThrow());
                }
            } else {
                String sibling = writable.stream().filter(k -> !k.equals(current) && answers.get(k).timeline() == timeline)
                        .findFirst().orElse(null);
                if (sibling != null) {
                    split = List.of(current, sibling);
                }
            }
        }
        Set<String> fenced = new LinkedHashSet<>();
        for (Map.Entry<String, RoleProbe.MemberRole> e : answers.entrySet()) {
            RoleProbe.MemberRole a = e.getValue();
            if (a == null || e.getKey().equals(primary)) {
                continue;
            }
            boolean older = next > 0 && a.timeline() > 0 && a.timeline() < next;
            boolean strayWriter = a.writable() && split == null;
            if (older || strayWriter) {
                fenced.add(e.getKey());
            }
        }
        if (split != null) {
            fenced.addAll(split);
            fenced.remove(primary);
        }
        return new Verdict(primary, next, Set.copyOf(fenced), split);
    }
}
