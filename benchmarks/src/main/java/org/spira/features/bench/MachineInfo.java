package org.spira.features.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The machine and JVM a run was measured on, printed above the table. */
final class MachineInfo {
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private MachineInfo() {}

    /** Lines describing the machine now: date, CPU, cores, load, OS, JVM and heap. */
    static List<String> describe() {
        Runtime runtime = Runtime.getRuntime();
        return List.of(
                "date:    " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                "cpu:     " + cpuModel() + ", " + runtime.availableProcessors() + " cores available to the JVM",
                "load:    " + loadAverage() + " (1-minute load average at start; > 0 means other work was running)",
                "os:      " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                "jvm:     " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + ", max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB");
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(CPU_INFO).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU (" + CPU_INFO + " unreadable: " + e.getMessage() + ")";
        }
    }
}
