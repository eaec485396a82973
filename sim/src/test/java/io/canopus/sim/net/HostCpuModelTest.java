package io.canopus.sim.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostCpuModelTest
{
    private static final PathModel TEN_US = (from, to, length, now) -> 10_000;

    @Test
    void backToBackMessagesQueueOnTheReceiver()
    {
        // Servers 0..2, client 3; 1 us per message, no per-byte cost.
        final HostCpuModel cpu = new HostCpuModel(TEN_US, 3, 1_000, 0);
        // Three senders to server 0 at the same instant: each pays 1 us to send, 10 us on the wire,
        // then they are handled one after another at the receiver.
        assertThat(cpu.delayNs(1, 0, 100, 0)).isEqualTo(1_000 + 10_000 + 1_000);
        assertThat(cpu.delayNs(2, 0, 100, 0)).isEqualTo(12_000 + 1_000);
        assertThat(cpu.delayNs(3, 0, 100, 0)).isEqualTo(13_000 + 1_000); // a client sends for free
        // Much later the receiver is idle again.
        assertThat(cpu.delayNs(1, 0, 100, 1_000_000)).isEqualTo(12_000);
    }

    @Test
    void aSenderPaysForEveryCopyItSends()
    {
        final HostCpuModel cpu = new HostCpuModel(TEN_US, 4, 1_000, 0.5);
        // 200 bytes: 1 us + 100 ns per copy at each end.
        assertThat(cpu.delayNs(0, 1, 200, 0)).isEqualTo(1_100 + 10_000 + 1_100);
        assertThat(cpu.delayNs(0, 2, 200, 0)).isEqualTo(2_200 + 10_000 + 1_100);
        assertThat(cpu.delayNs(0, 3, 200, 0)).isEqualTo(3_300 + 10_000 + 1_100);
        assertThat(cpu.delayNs(0, 4, 200, 0)).isEqualTo(4_400 + 10_000); // to a client: no receive cost
    }

    @Test
    void copiesWithoutAPathCostTheSenderButNotTheReceiver()
    {
        final boolean[] open = {false};
        final PathModel flaky = (from, to, length, now) -> open[0] ? 10_000 : PathModel.NO_PATH;
        final HostCpuModel cpu = new HostCpuModel(flaky, 2, 1_000, 0);
        assertThat(cpu.delayNs(0, 1, 10, 0)).isEqualTo(PathModel.NO_PATH);
        open[0] = true;
        // The sender is still busy with the lost copy; the receiver never saw it, so it is idle.
        assertThat(cpu.delayNs(0, 1, 10, 0)).isEqualTo(2_000 + 10_000 + 1_000);
    }

    @Test
    void rejectsNegativeCosts()
    {
        assertThatThrownBy(() -> new HostCpuModel(TEN_US, 2, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostCpuModel(TEN_US, 2, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
