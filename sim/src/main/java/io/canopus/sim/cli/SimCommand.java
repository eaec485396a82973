package io.canopus.sim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.check.CheckResult;
import io.canopus.sim.check.Verdict;
import io.canopus.sim.coracle.CoracleReader;
import io.canopus.sim.coracle.CoracleRun;
import io.canopus.sim.coracle.CoracleScenario;
import io.canopus.sim.fault.FaultMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code canopus sim}: runs the protocol on a simulated cluster with a key-value workload, checks
 * the four verdicts, and prints a summary or one JSON object.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    subcommands = SweepCommand.class,
    description = {
        "Runs Canopus on a simulated cluster (virtual time, one thread) with a key-value client load,",
        "optionally under random faults, and checks agreement, linearizability, exactly-once and liveness.",
        "With --coracle FILE, runs a Coracle configuration (network, events, clients, timers) under Raft or Canopus.",
        "The same seed and settings always give the same run and the same digest."},
    footer = {"", "Exit status: 0 all verdicts ok or unknown, 1 a verdict violated, 2 bad arguments."})
public final class SimCommand implements Callable<Integer>
{
    /** Longest simulated run accepted: bounds memory (histories, journals) and wall time. */
    static final double MAX_SECONDS = 3600;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--racks", defaultValue = "3", description = "Racks (super-leaves), 1..${sys:canopus.maxRacks:-64}. Default: ${DEFAULT-VALUE}.")
    int racks;

    @Option(names = "--nodes-per-rack", defaultValue = "3", description = "Nodes in each rack, 1..64. Default: ${DEFAULT-VALUE}.")
    int nodesPerRack;

    @Option(names = "--fanout", defaultValue = "3", description = "Vnodes per parent in the Leaf-Only Tree, >= 2. Default: ${DEFAULT-VALUE}.")
    int fanout;

    @Option(names = "--seconds", defaultValue = "10", description = "Simulated seconds to run, > 0 and <= 3600. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Master seed of the run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--faults", defaultValue = "none", description = "none or random (crashes and restarts, partitions, loss bursts, pauses within the fault model). Default: ${DEFAULT-VALUE}.")
    String faults;

    @Option(names = "--pipeline-depth", defaultValue = "4", description = "Cycles a node may have in flight, 1..64. Default: ${DEFAULT-VALUE}.")
    int pipelineDepth;

    @Option(names = "--json", description = "Print one JSON object instead of the human summary.")
    boolean json;

    @Option(names = "--coracle", paramLabel = "FILE", description = {
        "Run a Coracle configuration (either of Coracle's JSON shapes) as Coracle would: its network, events, clients,",
        "timers, termination and seed. Excludes --racks, --nodes-per-rack, --fanout, --seconds, --faults, --pipeline-depth."})
    Path coracle;

    @Option(names = "--protocol", paramLabel = "NAME", description = {
        "raft or canopus: overrides the Coracle file's consensus.protocol. Without --coracle only canopus is accepted."})
    String protocol;

    @Override
    public Integer call() throws Exception
    {
        if (coracle != null)
        {
            return runCoracle();
        }
        if (protocol != null && !Canopus.PROTOCOL_NAME.equals(protocol.toLowerCase(Locale.ROOT)))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--protocol " + protocol + " needs --coracle (or --config); a generated cluster runs canopus");
        }
        final FaultMode mode = parseFaults();
        validate();
        final CanopusConfig canopus = new CanopusConfig().fanout(fanout).pipelineDepth(pipelineDepth);
        try
        {
            canopus.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        final SimConfig config = SimConfig.builder()
            .racks(racks)
            .nodesPerRack(nodesPerRack)
            .fanout(fanout)
            .seconds(seconds)
            .seed(seed)
            .faults(mode)
            .protocol(Canopus.PROTOCOL_NAME, topology -> Canopus.nodeFactory(topology, canopus))
            .build();
        return report(Simulation.run(config), mode.name().toLowerCase(Locale.ROOT));
    }

    private Integer runCoracle() throws Exception
    {
        for (final String excluded : new String[]{"--racks", "--nodes-per-rack", "--fanout", "--seconds", "--faults", "--pipeline-depth"})
        {
            if (spec.commandLine().getParseResult().hasMatchedOption(excluded))
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    excluded + " cannot be combined with --coracle: the Coracle file describes the cluster and the run");
            }
        }
        final CoracleScenario scenario;
        final SimConfig config;
        try
        {
            scenario = CoracleReader.read(coracle);
            final OptionalLong seedOverride = spec.commandLine().getParseResult().hasMatchedOption("--seed") ?
                OptionalLong.of(seed) : OptionalLong.empty();
            config = CoracleRun.configure(scenario, protocol, seedOverride).build();
        }
        catch (final UncheckedIOException | IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        return report(Simulation.run(config), "scenario");
    }

    private Integer report(final SimResult result, final String faultsLabel) throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(toJson(result, faultsLabel));
        }
        else
        {
            out.println(result.summary());
            printVerdictDetails(out, result);
        }
        out.flush();
        return result.noViolation() ? CanopusCli.EXIT_OK : CanopusCli.EXIT_VIOLATION;
    }

    private FaultMode parseFaults()
    {
        switch (faults.toLowerCase(Locale.ROOT))
        {
            case "none":
                return FaultMode.NONE;
            case "random":
                return FaultMode.RANDOM;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--faults must be 'none' or 'random', was '" + faults + "'");
        }
    }

    private void validate()
    {
        require(racks >= 1 && racks <= 64, "--racks must be 1..64, was " + racks);
        require(nodesPerRack >= 1 && nodesPerRack <= 64, "--nodes-per-rack must be 1..64, was " + nodesPerRack);
        require(fanout >= 2, "--fanout must be at least 2, was " + fanout);
        require(seconds > 0 && seconds <= MAX_SECONDS && !Double.isNaN(seconds), "--seconds must be > 0 and <= 3600, was " + seconds);
        require(pipelineDepth >= 1 && pipelineDepth <= 64, "--pipeline-depth must be 1..64, was " + pipelineDepth);
    }

    private void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    private static void printVerdictDetails(final PrintWriter out, final SimResult result)
    {
        print(out, "agreement", result.agreement());
        print(out, "linearizable", result.linearizable());
        print(out, "exactlyOnce", result.exactlyOnce());
        print(out, "liveness", result.liveness());
    }

    private static void print(final PrintWriter out, final String name, final CheckResult check)
    {
        if (check.verdict() != Verdict.OK && check.detail() != null && !check.detail().isEmpty())
        {
            out.println("  " + name + ": " + check.detail());
        }
    }

    static String toJson(final SimResult r, final String faults) throws Exception
    {
        final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        final ObjectNode root = mapper.createObjectNode();
        root.put("seed", r.seed());
        root.put("protocol", r.protocol());
        root.put("racks", r.racks());
        root.put("nodes", r.nodes());
        root.put("simulatedSeconds", r.durationNs() / 1e9);
        root.put("faults", faults);
        root.put("digest", r.digestHex());
        root.put("committedWrites", r.committedWrites());
        root.put("throughputPerSec", Math.round(r.throughputPerSec() * 10.0) / 10.0);
        final ObjectNode latency = root.putObject("latencyUs");
        latency.put("count", r.latency().count());
        latency.put("p50", r.latency().p50Us());
        latency.put("p99", r.latency().p99Us());
        latency.put("p999", r.latency().p999Us());
        latency.put("max", r.latency().maxUs());
        final ObjectNode verdicts = root.putObject("verdicts");
        verdicts.put("agreement", r.agreement().verdict().jsonName());
        verdicts.put("linearizable", r.linearizable().verdict().jsonName());
        verdicts.put("exactlyOnce", r.exactlyOnce().verdict().jsonName());
        verdicts.put("liveness", r.liveness().verdict().jsonName());
        final ObjectNode details = root.putObject("verdictDetails");
        details.put("agreement", r.agreement().detail());
        details.put("linearizable", r.linearizable().detail());
        details.put("exactlyOnce", r.exactlyOnce().detail());
        details.put("liveness", r.liveness().detail());
        final ObjectNode network = root.putObject("network");
        network.put("messagesSent", r.network().messagesSent());
        network.put("messagesDropped", r.network().messagesDropped());
        network.put("bytesSent", r.network().bytesSent());
        network.put("messagesDelivered", r.network().messagesDelivered());
        network.put("duplicated", r.network().duplicated());
        root.put("faultEvents", r.faults().size());
        root.put("historySize", r.historySize());
        root.put("events", r.events());
        root.put("wallMs", r.wallMs());
        root.put("eventsPerSec", Math.round(r.eventsPerSec()));
        root.set("stats", mapper.valueToTree(r.stats()));
        return mapper.writeValueAsString(root);
    }
}
