package io.canopus.engine.canopus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewChangeTest
{
    private final RackTable table = new RackTable();
    private final ViewChange vc = new ViewChange();

    private void promise(final int entry, final long... held)
    {
        vc.promiseFrom[entry] = true;
        System.arraycopy(held, 0, vc.promiseHeld[entry], 0, held.length);
    }

    @Test
    void removalEndsTheMemberAtTheHighestHeldThroughOfTheQuorum()
    {
        table.initial(new int[]{0, 1, 2});
        promise(0, 10, 10, 7);
        promise(1, 10, 11, 9);
        vc.op = ViewChange.OP_REMOVE;
        vc.opNode = 2;
        vc.opIncarnation = 1;
        assertThat(vc.computeValue(table, 64)).isTrue();
        assertThat(vc.value.epoch()).isEqualTo(1);
        assertThat(vc.value.to(2)).as("every proposal a quorum member holds is kept").isEqualTo(9);
        assertThat(vc.value.horizon(1)).isEqualTo(11);
        assertThat(vc.value.isActive(0)).isTrue();
    }

    @Test
    void horizonsNeverShrinkAcrossEpochs()
    {
        table.initial(new int[]{0, 1, 2});
        table.setHorizon(2, 12);
        promise(0, 10, 10, 7);
        promise(1, 10, 11, 9);
        vc.op = ViewChange.OP_REMOVE;
        vc.opNode = 2;
        vc.opIncarnation = 1;
        vc.computeValue(table, 64);
        assertThat(vc.value.to(2)).isEqualTo(12);
    }

    @Test
    void joinStartsAfterTheLowestActiveHorizon()
    {
        table.initial(new int[]{0, 1, 2});
        table.setTo(2, 5);
        promise(0, 10, 8, Long.MAX_VALUE);
        promise(1, 9, 13, Long.MAX_VALUE);
        vc.op = ViewChange.OP_JOIN;
        vc.opNode = 2;
        vc.opIncarnation = 2;
        assertThat(vc.computeValue(table, 64)).isTrue();
        assertThat(vc.value.size()).isEqualTo(4);
        assertThat(vc.value.from(3)).isEqualTo(11);
        assertThat(vc.value.horizon(2)).as("a removed entry's horizon stops at its last cycle").isEqualTo(5);
        assertThat(vc.value.isMember(2, 2, 11)).isTrue();
        assertThat(vc.value.isMember(2, 2, 10)).isFalse();
    }

    @Test
    void joinStartsAfterThePreviousIncarnationEnded()
    {
        table.initial(new int[]{0, 1, 2});
        table.setTo(2, 20); // node 2's first incarnation ends after the others' horizons
        promise(0, 10, 10, 20);
        promise(1, 10, 11, 20);
        vc.op = ViewChange.OP_JOIN;
        vc.opNode = 2;
        vc.opIncarnation = 2;
        assertThat(vc.computeValue(table, 64)).isTrue();
        assertThat(vc.value.from(3)).isEqualTo(21);
        for (long c = 1; c <= 30; c++)
        {
            assertThat(vc.value.isMember(2, 1, c) && vc.value.isMember(2, 2, c)).as("cycle %d", c).isFalse();
        }
    }

    @Test
    void pruningDropsLongRemovedEntriesAndStopsCoveringTheirCycles()
    {
        table.initial(new int[]{0, 1, 2});
        for (int inc = 2; table.size() < RackTable.MAX_ENTRIES / 2; inc++)
        {
            table.setTo(table.activeIndexOfNode(2), 10L * inc); // node 2 keeps restarting
            table.add(2, inc, 10L * inc + 1, RackTable.ACTIVE, 10L * inc);
        }
        for (int e = 0; e < table.size(); e++)
        {
            table.setHorizon(e, 1_000);
        }
        final int before = table.size();
        table.prune(100);
        assertThat(table.size()).isLessThan(before);
        assertThat(table.prunedBelow()).isPositive();
        assertThat(table.activeCount()).isEqualTo(3);
        assertThat(table.isMember(0, 1, table.prunedBelow() - 1)).as("pruned cycles are learned, not guessed").isFalse();
        assertThat(table.isMember(0, 1, table.prunedBelow())).isTrue();
        assertThat(table.incarnationsDisjoint()).isTrue();
    }

    @Test
    void changeThatNoLongerAppliesBecomesANoOp()
    {
        table.initial(new int[]{0, 1, 2});
        table.setTo(2, 5);
        promise(0, 3, 3, 3);
        promise(1, 3, 3, 3);
        vc.op = ViewChange.OP_REMOVE;
        vc.opNode = 2;
        vc.opIncarnation = 1;
        assertThat(vc.computeValue(table, 64)).isFalse();
        assertThat(vc.value.epoch()).isEqualTo(table.epoch() + 1);
        assertThat(vc.value.size()).isEqualTo(3);
    }
}
