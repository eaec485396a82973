package io.canopus.sim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.canopus.engine.canopus.Canopus;
import io.canopus.engine.canopus.CanopusConfig;
import io.canopus.engine.raft.Raft;
import io.canopus.engine.raft.RaftConfig;
import io.canopus.sim.SimConfig;
import io.canopus.sim.SimResult;
import io.canopus.sim.Simulation;
import io.canopus.sim.check.CheckResult;
import io.canopus.sim.config.NetworkConfig;
import io.canopus.sim.config.NetworkConfigReader;
import io.canopus.sim.config.NetworkConfigRun;
import io.canopus.sim.check.Verdict;
import io.canopus.sim.coracle.CoracleReader;
import io.canopus.sim.coracle.CoracleRun;
import io.canopus.sim.coracle.CoracleScenario;
import io.canopus.sim.fault.FaultMode;
import io.canopus.sim.report.ReportRun;
import io.canopus.sim.report.ReportWriter;
import io.canopus.sim.report.ResultJson;
import io.canopus.sim.trace.TraceWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
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
    description =
        "Runs Canopus (or Raft) on a simulated cluster (virtual time, one thread) with a key-value client " +
        "load, optionally under random faults, and checks agreement, linearizability, exactly-once and " +
        "liveness. --protocol raft runs Raft instead. With --coracle FILE, runs a Coracle configuration " +
        "(network, events, clients, timers) under Raft or Canopus; with --config FILE, a file of our own " +
        "network format. --report DIR writes a self-contained HTML " +
        "report, --trace FILE every event. The same seed and settings always give the same run and the same " +
        "digest.",
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

    @Option(names = "--coracle", paramLabel = "FILE", description =
        "Run a Coracle configuration (either of Coracle's JSON shapes) as Coracle would: its network, events, " +
        "clients, timers, termination and seed. Excludes --racks, --nodes-per-rack, --fanout, --seconds, " +
        "--faults, --pipeline-depth.")
    Path coracle;

    @Option(names = "--protocol", paramLabel = "NAME", description =
        "raft or canopus. With --coracle, overrides the file's consensus.protocol; otherwise the protocol of " +
        "the generated cluster (Raft: every node votes, racks play no part; datacenter timers: elections " +
        "after 10..20 ms, heartbeats 2 ms). Default: canopus, or the Coracle file's.")
    String protocol;

    @Option(names = "--config", paramLabel = "FILE", description =
        "Run a file of our own network format (docs/network-format.md): racks, clients, hubs, links with " +
        "latency distributions, bandwidth, queues, loss; timed events; random faults; workload; protocol. " +
        "Excludes the options the file decides (--racks, --nodes-per-rack, --fanout, --seconds, --faults, " +
        "--pipeline-depth, --protocol, --pre-vote).")
    Path config;

    @Option(names = "--compare", description =
        "With --coracle: run the file under raft, raft with pre-vote and canopus, side by side in one report " +
        "(--report) or one JSON object {\"runs\": [...]} (--json). Excludes --protocol, --pre-vote and " +
        "--trace.")
    boolean compare;

    @Option(names = "--pre-vote", description = "Raft only: a server asks whether it could win before it raises its term.")
    boolean preVote;

    @Option(names = "--report", paramLabel = "DIR", description =
        "Also write DIR/results.json and DIR/report.html (self-contained, opens offline): comparison table, " +
        "server modes and terms or cycles over time, commits over time, latency CDF, bytes per link, and a " +
        "space-time diagram of small runs.")
    Path report;

    @Option(names = "--trace", paramLabel = "FILE", description =
        "Also write every message sent, scheduled, dropped and delivered and every boot, crash, role change, " +
        "election and commit to FILE, one JSON object per line in simulated time order (cut after 1 GiB with " +
        "a 'truncated' line).")
    Path trace;

    @Override
    public Integer call() throws Exception
    {
        if (coracle != null && config != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--coracle and --config each describe the whole run: give one");
        }
        if (coracle != null)
        {
            return runCoracle();
        }
        if (config != null)
        {
            return runConfig();
        }
        final String name = protocol == null ? Canopus.PROTOCOL_NAME : protocol.toLowerCase(Locale.ROOT);
        if (!Canopus.PROTOCOL_NAME.equals(name) && !Raft.PROTOCOL_NAME.equals(name))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--protocol must be raft or canopus, was '" + protocol + "'");
        }
        if (preVote && !Raft.PROTOCOL_NAME.equals(name))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pre-vote is a Raft option: add --protocol raft");
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
        final RaftConfig raft = new RaftConfig().preVote(preVote);
        final SimConfig config = SimConfig.builder()
            .racks(racks)
            .nodesPerRack(nodesPerRack)
            .fanout(fanout)
            .seconds(seconds)
            .seed(seed)
            .faults(mode)
            .protocol(name, Raft.PROTOCOL_NAME.equals(name) ?
                topology -> Raft.nodeFactory(topology, raft) : topology -> Canopus.nodeFactory(topology, canopus))
            .build();
        final String label = mode.name().toLowerCase(Locale.ROOT);
        return execute(config, label, String.format(Locale.ROOT, "%s%s %dx%d seed %d faults %s", name, preVote ? " pre-vote" : "",
            racks, nodesPerRack, seed, label));
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
        final OptionalLong seedOverride = spec.commandLine().getParseResult().hasMatchedOption("--seed") ?
            OptionalLong.of(seed) : OptionalLong.empty();
        if (compare)
        {
            return compareCoracle(seedOverride);
        }
        try
        {
            scenario = CoracleReader.read(coracle);
            config = CoracleRun.configure(scenario, protocol, seedOverride, preVote).build();
        }
        catch (final UncheckedIOException | IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        return execute(config, "scenario", coracle.getFileName() + " " + config.protocolName() + (preVote ? " pre-vote" : "") +
            " seed " + config.seed());
    }

    private Integer runConfig() throws Exception
    {
        for (final String excluded : new String[]{"--racks", "--nodes-per-rack", "--fanout", "--seconds", "--faults", "--pipeline-depth",
            "--protocol", "--pre-vote", "--compare"})
        {
            if (spec.commandLine().getParseResult().hasMatchedOption(excluded))
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    excluded + " cannot be combined with --config: the file describes the cluster and the run");
            }
        }
        final NetworkConfig file;
        final SimConfig simConfig;
        try
        {
            file = NetworkConfigReader.read(config);
            final OptionalLong seedOverride = spec.commandLine().getParseResult().hasMatchedOption("--seed") ?
                OptionalLong.of(seed) : OptionalLong.empty();
            simConfig = NetworkConfigRun.configure(file, seedOverride).build();
        }
        catch (final UncheckedIOException | IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        return execute(simConfig, file.faults() == null ? "scenario" : "scenario+random",
            file.name() + " " + simConfig.protocolName() + " seed " + simConfig.seed());
    }

    /** Runs the Coracle file under each protocol variant and shows them side by side. */
    private Integer compareCoracle(final OptionalLong seedOverride) throws Exception
    {
        if (protocol != null || preVote || trace != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--compare runs every protocol: drop --protocol, --pre-vote and --trace");
        }
        final List<ReportRun> runs = new java.util.ArrayList<>();
        try
        {
            final CoracleScenario scenario = CoracleReader.read(coracle);
            for (final String[] variant : new String[][]{{Raft.PROTOCOL_NAME, ""}, {Raft.PROTOCOL_NAME, " pre-vote"}, {Canopus.PROTOCOL_NAME, ""}})
            {
                final SimConfig config = CoracleRun.configure(scenario, variant[0], seedOverride, !variant[1].isEmpty()).build();
                runs.add(new ReportRun(variant[0] + variant[1], Simulation.run(config), "scenario"));
            }
        }
        catch (final UncheckedIOException | IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        if (report != null)
        {
            ReportWriter.write(report, "Coracle: " + coracle.getFileName(), runs);
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
            final com.fasterxml.jackson.databind.node.ObjectNode root = mapper.createObjectNode();
            final com.fasterxml.jackson.databind.node.ArrayNode array = root.putArray("runs");
            for (final ReportRun run : runs)
            {
                array.addObject().put("name", run.name()).set("result", ResultJson.of(mapper, run.result(), run.faults()));
            }
            out.println(mapper.writeValueAsString(root));
        }
        else
        {
            for (final ReportRun run : runs)
            {
                out.println(run.name() + ": " + run.result().summary());
            }
        }
        out.flush();
        return runs.stream().allMatch(r -> r.result().noViolation()) ? CanopusCli.EXIT_OK : CanopusCli.EXIT_VIOLATION;
    }

    /** Runs {@code config} with the trace and report the options ask for, then prints the result. */
    private Integer execute(final SimConfig config, final String faultsLabel, final String runName) throws Exception
    {
        final Simulation simulation = new Simulation(config);
        final SimResult result;
        if (trace != null)
        {
            final TraceWriter writer;
            try
            {
                writer = new TraceWriter(trace, config.topology().nodeCount(), TraceWriter.DEFAULT_MAX_BYTES);
            }
            catch (final java.io.IOException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--trace " + trace + ": cannot write: " + ex.getMessage());
            }
            try (writer)
            {
                simulation.stats().forwardTo(writer, writer);
                result = simulation.run();
            }
            if (writer.truncated())
            {
                spec.commandLine().getErr().println("trace cut at " + TraceWriter.DEFAULT_MAX_BYTES + " bytes: " + trace);
            }
        }
        else
        {
            result = simulation.run();
        }
        if (report != null)
        {
            ReportWriter.write(report, "Simulation: " + runName, List.of(new ReportRun(runName, result, faultsLabel)));
        }
        return print(result, faultsLabel);
    }

    private Integer print(final SimResult result, final String faultsLabel) throws Exception
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
        return mapper.writeValueAsString(ResultJson.of(mapper, r, faults));
    }
}
