package io.canopus.perf.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The machine a run measured on, as a report states it: cores, CPU model, memory, JVM, kernel. */
final class MachineInfo
{
    private MachineInfo()
    {
    }

    static Map<String, Object> read()
    {
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("memoryBytes", totalMemory());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return machine;
    }

    private static String cpuModel()
    {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo")))
        {
            return lines.filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown");
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }

    private static Object totalMemory()
    {
        final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun)
        {
            return sun.getTotalMemorySize();
        }
        return null;
    }
}
