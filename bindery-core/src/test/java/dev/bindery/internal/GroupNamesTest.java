package dev.bindery.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The regional group naming name@region, parsed and formed in one place. */
class GroupNamesTest {

    @Test
    void aRegionalGroupNamesItsLogicalGroupAndRegion() {
        assertThat(GroupNames.logical("users@eu")).isEqualTo("users");
        assertThat(GroupNames.region("users@eu")).isEqualTo("eu");
        assertThat(GroupNames.isRegional("users@eu")).isTrue();
        assertThat(GroupNames.regional("users", "eu")).isEqualTo("users@eu");
    }

    @Test
    void aPlainGroupIsItsOwnLogicalGroupInNoRegion() {
        assertThat(GroupNames.logical("users")).isEqualTo("users");
        assertThat(GroupNames.region("users")).isNull();
        assertThat(GroupNames.isRegional("users")).isFalse();
        assertThat(GroupNames.isRegional("@eu")).as("a name must precede the region").isFalse();
    }

    @Test
    void aGroupBelongsToItselfAndItsRegionalGroupsToTheirLogicalGroup() {
        assertThat(GroupNames.belongsTo("users", "users")).isTrue();
        assertThat(GroupNames.belongsTo("users@eu", "users")).isTrue();
        assertThat(GroupNames.belongsTo("usersx", "users")).isFalse();
        assertThat(GroupNames.belongsTo("users", "users@eu")).isFalse();
        assertThat(GroupNames.belongsTo("reports@eu", "users")).isFalse();
    }
}
