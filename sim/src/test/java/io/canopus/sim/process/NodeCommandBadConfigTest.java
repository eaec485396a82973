package io.canopus.sim.process;

import io.canopus.engine.config.ClusterConfig;
import io.canopus.sim.cli.CanopusCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code canopus node} refuses a bad config or id before starting anything: exit status 2 and a
 * message naming the field, the file or the id.
 */
final class NodeCommandBadConfigTest
{
    @TempDir
    Path dir;

    /** Exit status, stdout and stderr of one in-process run of the command line. */
    private record Run(int status, String out, String err)
    {
        @Override
        public String toString()
        {
            return "exit " + status + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = CanopusCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        final Run run = new Run(status, out.toString(), err.toString());
        System.out.println("canopus " + String.join(" ", args) + " -> " + run);
        return run;
    }

    /** A valid config whose "cluster" object also has a field the format does not know. */
    private Path configWithUnknownField() throws IOException
    {
        final String json = ProcessTestSupport.localCluster(1, 3, dir).toJson();
        final int cluster = json.indexOf("\"cluster\"");
        final int brace = json.indexOf('{', cluster);
        assertThat(cluster).as("config JSON has a cluster object:%n%s", json).isNotNegative();
        final Path file = dir.resolve("unknown-field.json");
        Files.writeString(file, json.substring(0, brace + 1) + "\n    \"pipelineDepht\": 4," + json.substring(brace + 1));
        return file;
    }

    @Test
    void unknownFieldIsNamed() throws IOException
    {
        final Path file = configWithUnknownField();
        final Run run = run("node", "--config", file.toString(), "--id", "0");
        assertThat(run.status()).as("%s", run).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(run.err()).as("%s", run).contains("cluster.pipelineDepht").contains(file.toString());
        assertThat(run.out()).as("%s", run).doesNotContain("running");
    }

    @Test
    void missingFileIsNamed()
    {
        final Path missing = dir.resolve("missing.json");
        final Run run = run("node", "--config", missing.toString(), "--id", "0");
        assertThat(run.status()).as("%s", run).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(run.err()).as("%s", run).contains(missing.toString()).containsIgnoringCase("no such file");
        assertThat(run.out()).as("%s", run).doesNotContain("running");
    }

    @Test
    void idOutsideTheClusterIsNamed()
    {
        final Path file = dir.resolve("cluster.json");
        ProcessTestSupport.localCluster(1, 3, dir).write(file);
        final Run run = run("node", "--config", file.toString(), "--id", "99");
        assertThat(run.status()).as("%s", run).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(run.err()).as("%s", run).contains("--id 99").contains("0..2");
        assertThat(run.out()).as("%s", run).doesNotContain("running");
    }

    @Test
    void missingIdIsNamed()
    {
        final Path file = dir.resolve("cluster.json");
        ProcessTestSupport.localCluster(1, 3, dir).write(file);
        final Run run = run("node", "--config", file.toString());
        assertThat(run.status()).as("%s", run).isEqualTo(CanopusCli.EXIT_USAGE);
        assertThat(run.err()).as("%s", run).contains("--id");
    }

    /** The same refusal from a real launcher process: its exit status is 2 and stderr names the field. */
    @Test
    @Timeout(60)
    void launcherProcessExitsWithStatus2() throws Exception
    {
        final Path file = configWithUnknownField();
        final Path log = dir.resolve("launcher.log");
        final Process process = new ProcessBuilder(NodeProcess.javaCommand(List.of("node", "--config", file.toString(), "--id", "1")))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try
        {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("launcher exited in time").isTrue();
            final String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit status; output:%n%s", output).isEqualTo(CanopusCli.EXIT_USAGE);
            assertThat(output).contains("pipelineDepht").doesNotContain("running");
        }
        finally
        {
            if (process.isAlive())
            {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
