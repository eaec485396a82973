package io.canopus.sim.runtime;

import io.canopus.engine.config.ClusterConfig;
import io.canopus.engine.config.JournalConfig;
import io.canopus.engine.runtime.CanopusRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code journal.pretouchAheadKiB} decides whether a process runs the journal pretoucher thread:
 * 0 in the config file starts none (for a host with no core to spare for it), and the embedding
 * {@link CanopusRuntime.Context} can still turn it on over the config.
 */
final class JournalPretouchSettingTest
{
    private static final String THREAD = "journal-pretoucher";

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void zeroInTheConfigStartsNoPretoucherAndTheContextOverridesTheConfig()
    {
        final ClusterConfig base = RuntimeTestSupport.localCluster(1, 1, dir);
        final ClusterConfig off = base.withJournal(new JournalConfig(base.journal().directory(), base.journal().sync(), 0));
        final ClusterConfig parsed = ClusterConfig.parse(off.toJson(), "off.json");
        assertThat(parsed.journal().pretouchAheadKiB()).as("read back from the file format").isZero();

        try (CanopusRuntime ignored = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(parsed)))
        {
            assertThat(pretoucherRunning()).as("pretoucher with journal.pretouchAheadKiB 0").isFalse();
        }
        try (CanopusRuntime ignored = CanopusRuntime.launch(new CanopusRuntime.Context().clusterConfig(parsed)
            .journalPretouchAheadBytes(1 << 20)))
        {
            assertThat(pretoucherRunning()).as("pretoucher turned on by the context").isTrue();
        }
    }

    private static boolean pretoucherRunning()
    {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(THREAD) && t.isAlive());
    }
}
