package io.canopus.sim;

import io.canopus.engine.protocol.NodeFactory;
import io.canopus.engine.statemachine.KeyValueStateMachine;
import io.canopus.engine.statemachine.StateMachine;
import io.canopus.engine.topology.ClusterTopology;
import io.canopus.sim.check.LinearizabilityChecker;
import io.canopus.sim.check.LivenessChecker;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.fault.FaultSettings;
import io.canopus.sim.net.NetworkSettings;
import io.canopus.sim.workload.WorkloadSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything that defines one simulation run. Together with the protocol code, a config fixes the
 * run completely: the same config (seed included) gives the same events, the same commits and the
 * same digest. Immutable; built with {@link #builder()}.
 */
public final class SimConfig
{
    private final ClusterTopology topology;
    private final long durationNs;
    private final long seed;
    private final FaultMode faultMode;
    private final FaultSettings faultSettings;
    private final NetworkSettings network;
    private final WorkloadSettings workload;
    private final String protocolName;
    private final Function<ClusterTopology, NodeFactory> nodeFactory;
    private final Supplier<StateMachine> stateMachine;
    private final long livenessBoundNs;
    private final long maxLinearizabilityStatesPerKey;
    private final List<SimExtension> extensions;
    private final LivenessClaim livenessClaim;
    private final long scheduledHealNs;

    private SimConfig(final Builder b)
    {
        this.topology = b.topology != null ? b.topology : ClusterTopology.uniform(b.racks, b.nodesPerRack, b.fanout);
        this.durationNs = b.durationNs;
        this.seed = b.seed;
        this.faultMode = b.faultMode;
        this.faultSettings = b.faultSettings;
        // Unless set explicitly, random-fault runs also lose, duplicate and reorder some messages.
        this.network = b.network != null ? b.network :
            b.faultMode == FaultMode.RANDOM ? NetworkSettings.UNRELIABLE : NetworkSettings.DEFAULT;
        this.workload = b.workload;
        this.protocolName = b.protocolName;
        this.nodeFactory = Objects.requireNonNull(b.nodeFactory, "nodeFactory: the protocol under test must be given");
        this.stateMachine = b.stateMachine;
        this.livenessBoundNs = b.livenessBoundNs;
        this.maxLinearizabilityStatesPerKey = b.maxLinearizabilityStatesPerKey;
        this.extensions = List.copyOf(b.extensions);
        this.livenessClaim = b.livenessClaim;
        this.scheduledHealNs = b.scheduledHealNs;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** @return a builder holding this config's values, to derive a variant. */
    public Builder toBuilder()
    {
        final Builder b = new Builder();
        b.topology = topology;
        b.durationNs = durationNs;
        b.seed = seed;
        b.faultMode = faultMode;
        b.faultSettings = faultSettings;
        b.network = network;
        b.workload = workload;
        b.protocolName = protocolName;
        b.nodeFactory = nodeFactory;
        b.stateMachine = stateMachine;
        b.livenessBoundNs = livenessBoundNs;
        b.maxLinearizabilityStatesPerKey = maxLinearizabilityStatesPerKey;
        b.extensions.addAll(extensions);
        b.livenessClaim = livenessClaim;
        b.scheduledHealNs = scheduledHealNs;
        return b;
    }

    public ClusterTopology topology()
    {
        return topology;
    }

    /** @return simulated run length. */
    public long durationNs()
    {
        return durationNs;
    }

    public long seed()
    {
        return seed;
    }

    public FaultMode faultMode()
    {
        return faultMode;
    }

    public FaultSettings faultSettings()
    {
        return faultSettings;
    }

    /** @return when all faults have healed: {@code faultsEndFraction} of the run. */
    public long faultsEndNs()
    {
        return (long)(durationNs * faultSettings.faultsEndFraction());
    }

    public NetworkSettings network()
    {
        return network;
    }

    public WorkloadSettings workload()
    {
        return workload;
    }

    public String protocolName()
    {
        return protocolName;
    }

    /** @return builds the protocol's {@link NodeFactory} for a topology. */
    public Function<ClusterTopology, NodeFactory> nodeFactory()
    {
        return nodeFactory;
    }

    /** @return makes a fresh state machine per node incarnation. */
    public Supplier<StateMachine> stateMachine()
    {
        return stateMachine;
    }

    /** @return the longest acceptable wait for a commit (see the liveness checker). */
    public long livenessBoundNs()
    {
        return livenessBoundNs;
    }

    public long maxLinearizabilityStatesPerKey()
    {
        return maxLinearizabilityStatesPerKey;
    }

    /** @return what is installed on the simulation before it runs, in order (see {@link SimExtension}). */
    public List<SimExtension> extensions()
    {
        return extensions;
    }

    /** @return what the liveness verdict asks of the run (see {@link LivenessClaim}). */
    public LivenessClaim livenessClaim()
    {
        return livenessClaim;
    }

    /**
     * @return when the last scheduled (not random) network or node change of a described scenario
     * happens, or {@link LivenessChecker#NO_FAULTS} when there is none after the start; liveness then
     * asks for recovery after it, as it does after the last random fault.
     */
    public long scheduledHealNs()
    {
        return scheduledHealNs;
    }

    @Override
    public String toString()
    {
        return "SimConfig{" + topology + ", duration=" + durationNs + "ns, seed=" + seed + ", faults=" + faultMode +
            ", protocol=" + protocolName + ", " + network + ", " + workload + '}';
    }

    /** Fluent builder; every setting has a default except the protocol's node factory. */
    public static final class Builder
    {
        private ClusterTopology topology;
        private int racks = 3;
        private int nodesPerRack = 3;
        private int fanout = 3;
        private long durationNs = 2_000_000_000L;
        private long seed = 1;
        private FaultMode faultMode = FaultMode.NONE;
        private FaultSettings faultSettings = FaultSettings.DEFAULT;
        private NetworkSettings network;
        private WorkloadSettings workload = WorkloadSettings.DEFAULT;
        private String protocolName = "unnamed";
        private Function<ClusterTopology, NodeFactory> nodeFactory;
        private Supplier<StateMachine> stateMachine = KeyValueStateMachine::new;
        private long livenessBoundNs = 500_000_000L;
        private long maxLinearizabilityStatesPerKey = LinearizabilityChecker.DEFAULT_MAX_STATES_PER_KEY;
        private final List<SimExtension> extensions = new ArrayList<>();
        private LivenessClaim livenessClaim = LivenessClaim.PROGRESS;
        private long scheduledHealNs = LivenessChecker.NO_FAULTS;

        private Builder()
        {
        }

        /** Number of racks of a uniform topology (default 3). */
        public Builder racks(final int racks)
        {
            this.racks = racks;
            this.topology = null;
            return this;
        }

        /** Nodes in each rack of a uniform topology (default 3). */
        public Builder nodesPerRack(final int nodesPerRack)
        {
            this.nodesPerRack = nodesPerRack;
            this.topology = null;
            return this;
        }

        /** Fan-out of the Leaf-Only Tree (default 3). */
        public Builder fanout(final int fanout)
        {
            this.fanout = fanout;
            this.topology = null;
            return this;
        }

        /** An explicit topology instead of racks x nodesPerRack. */
        public Builder topology(final ClusterTopology topology)
        {
            this.topology = topology;
            return this;
        }

        /** Simulated run length in seconds (default 2). */
        public Builder seconds(final double seconds)
        {
            if (!(seconds > 0))
            {
                throw new IllegalArgumentException("seconds must be positive: " + seconds);
            }
            return durationNs(Math.round(seconds * 1e9));
        }

        public Builder durationNs(final long durationNs)
        {
            if (durationNs < 1)
            {
                throw new IllegalArgumentException("duration must be positive");
            }
            this.durationNs = durationNs;
            return this;
        }

        /** The master seed every random stream derives from (default 1). */
        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /** NONE (default) or RANDOM faults. */
        public Builder faults(final FaultMode mode)
        {
            this.faultMode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder faultSettings(final FaultSettings settings)
        {
            this.faultSettings = Objects.requireNonNull(settings);
            return this;
        }

        public Builder network(final NetworkSettings settings)
        {
            this.network = Objects.requireNonNull(settings);
            return this;
        }

        public Builder workload(final WorkloadSettings settings)
        {
            this.workload = Objects.requireNonNull(settings);
            return this;
        }

        /** The protocol under test: its name for reports and its node factory for a topology. */
        public Builder protocol(final String name, final Function<ClusterTopology, NodeFactory> factory)
        {
            this.protocolName = Objects.requireNonNull(name);
            this.nodeFactory = Objects.requireNonNull(factory);
            return this;
        }

        public Builder nodeFactory(final Function<ClusterTopology, NodeFactory> factory)
        {
            this.nodeFactory = Objects.requireNonNull(factory);
            return this;
        }

        public Builder protocolName(final String name)
        {
            this.protocolName = Objects.requireNonNull(name);
            return this;
        }

        /** The replicated state machine, one per node incarnation (default the engine's key-value store). */
        public Builder stateMachine(final Supplier<StateMachine> supplier)
        {
            this.stateMachine = Objects.requireNonNull(supplier);
            return this;
        }

        /** Longest acceptable wait for a commit, for the liveness verdict (default 500 ms). */
        public Builder livenessBoundNs(final long boundNs)
        {
            if (boundNs < 1)
            {
                throw new IllegalArgumentException("liveness bound must be positive");
            }
            this.livenessBoundNs = boundNs;
            return this;
        }

        public Builder maxLinearizabilityStatesPerKey(final long states)
        {
            this.maxLinearizabilityStatesPerKey = states;
            return this;
        }

        /** Adds something to install on the simulation before it runs (see {@link SimExtension}). */
        public Builder extension(final SimExtension extension)
        {
            extensions.add(Objects.requireNonNull(extension));
            return this;
        }

        /** What the liveness verdict asks (default {@link LivenessClaim#PROGRESS}). */
        public Builder livenessClaim(final LivenessClaim claim)
        {
            this.livenessClaim = Objects.requireNonNull(claim);
            return this;
        }

        /** When the last scheduled change of a described scenario happens (default none). */
        public Builder scheduledHealNs(final long healNs)
        {
            if (healNs < 0 && healNs != LivenessChecker.NO_FAULTS)
            {
                throw new IllegalArgumentException("heal time must be >= 0 or NO_FAULTS: " + healNs);
            }
            this.scheduledHealNs = healNs;
            return this;
        }

        public SimConfig build()
        {
            return new SimConfig(this);
        }
    }
}
