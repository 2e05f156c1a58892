package org.spira.pipeline.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.spira.pipeline.config.ConfigException;

/**
 * Which GPUs the project's CUDA build can train on, and the check that refuses the others before
 * training starts rather than failing deep in a kernel.
 *
 * <p>ND4J's CUDA backend {@code nd4j-cuda-11.6} 1.0.0-M2.1 holds machine code for compute
 * capabilities 3.7, 5.0, 5.2, 6.0, 6.1, 7.0, 7.5, 8.0 and 8.6 and no PTX, so the driver cannot
 * compile kernels for a newer GPU. Machine code for X.y runs on a GPU of capability X.z with z >=
 * y (CUDA's binary compatibility within a major version), so a GPU runs this build when some
 * architecture above has its major version and a minor version at most its own. Above 8.6 it is
 * refused: Hopper (9.0) and later have no machine code here, and Ada (8.9) and Orin (8.7) were
 * never run with this build's CUDA 11.6 libraries. docs/gpu.md has the table.
 */
public final class GpuSupport {
    /** The architectures of the CUDA build's machine code, in order. */
    static final List<Capability> MACHINE_CODE = List.of(
            new Capability(3, 7),
            new Capability(5, 0),
            new Capability(5, 2),
            new Capability(6, 0),
            new Capability(6, 1),
            new Capability(7, 0),
            new Capability(7, 5),
            new Capability(8, 0),
            new Capability(8, 6));

    /** The query that lists each GPU's index (the address Spark's discovery scripts report) and capability. */
    static final List<String> NVIDIA_SMI_QUERY = List.of("--query-gpu=index,compute_cap", "--format=csv,noheader");

    private GpuSupport() {}

    /** A CUDA compute capability, e.g. 8.6. */
    public record Capability(int major, int minor) implements Comparable<Capability> {
        /** Parses {@code "8.6"}, as nvidia-smi prints it. */
        static Capability parse(String text) {
            String[] parts = text.strip().split("\\.");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a compute capability: \"" + text + "\"");
            }
            return new Capability(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        @Override
        public int compareTo(Capability other) {
            return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /** The machine code a GPU of {@code capability} runs with this build, if any. */
    public static Optional<Capability> machineCodeFor(Capability capability) {
        if (capability.compareTo(MACHINE_CODE.get(MACHINE_CODE.size() - 1)) > 0) {
            return Optional.empty();
        }
        return MACHINE_CODE.stream()
                .filter(code -> code.major() == capability.major() && code.minor() <= capability.minor())
                .reduce((older, newer) -> newer);
    }

    /**
     * Refuses the GPUs this build cannot run on.
     *
     * @param byAddress the capability of each assigned GPU, by its Spark address
     * @throws ConfigException naming every such GPU, its capability and what to do instead
     */
    public static void requireSupported(Map<String, Capability> byAddress) {
        Map<String, Capability> refused = new TreeMap<>();
        byAddress.forEach((address, capability) -> {
            if (machineCodeFor(capability).isEmpty()) {
                refused.put(address, capability);
            }
        });
        if (!refused.isEmpty()) {
            throw new ConfigException("the training task was assigned GPU(s) " + refused
                    + " (address=compute capability) that this build cannot run on: nd4j-cuda-11.6 1.0.0-M2.1"
                    + " has machine code for capabilities " + MACHINE_CODE
                    + " and no PTX, so nothing above 8.6 (Hopper H100/H200 and later) and nothing below 3.7."
                    + " Schedule training on V100, T4, A10 or A100 class GPUs, or set spira.train.gpus = 0"
                    + " to train on CPU cores (docs/gpu.md)");
        }
    }

    /**
     * The capability of each of {@code addresses} as {@code nvidiaSmi} reports it, or empty when
     * it cannot be read (no such program, or a driver too old for the {@code compute_cap} field).
     *
     * @param nvidiaSmi the program: {@code nvidia-smi} (found on the PATH) or a path
     * @throws ConfigException when an address is not one of the GPUs nvidia-smi lists
     */
    public static Optional<Map<String, Capability>> query(String nvidiaSmi, List<String> addresses) {
        List<String> command = new ArrayList<>(List.of(nvidiaSmi));
        command.addAll(NVIDIA_SMI_QUERY);
        Map<String, Capability> listed = new LinkedHashMap<>();
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            for (String line : out.strip().split("\n")) {
                String[] fields = line.split(",");
                listed.put(fields[0].strip(), Capability.parse(fields[1]));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        Map<String, Capability> assigned = new LinkedHashMap<>();
        for (String address : addresses) {
            Capability capability = listed.get(address);
            if (capability == null) {
                throw new ConfigException("GPU address " + address + " assigned by Spark is not among the GPUs "
                        + nvidiaSmi + " lists " + listed.keySet()
                        + ": the workers' GPU discovery script must report nvidia-smi indexes (docs/gpu.md)");
            }
            assigned.put(address, capability);
        }
        return Optional.of(assigned);
    }
}
