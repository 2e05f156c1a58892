package org.spira.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.train.GpuSupport.Capability;

class GpuSupportTest {
    @TempDir
    Path dir;

    @Test
    void eachComputeCapabilityRunsTheMachineCodeOfItsMajorVersionUpTo86() {
        // capability -> the machine code it runs ("" = refused), after CUDA's binary compatibility
        Map<String, String> table = new LinkedHashMap<>();
        table.put("3.0", ""); // Kepler GK104: older than the oldest code, 3.7
        table.put("3.5", ""); // Kepler GK110
        table.put("3.7", "3.7"); // K80
        table.put("5.0", "5.0"); // Maxwell
        table.put("5.3", "5.2"); // Jetson TX1
        table.put("6.0", "6.0"); // P100
        table.put("6.1", "6.1"); // P4, P40
        table.put("7.0", "7.0"); // V100
        table.put("7.2", "7.0"); // Xavier
        table.put("7.5", "7.5"); // T4
        table.put("8.0", "8.0"); // A100
        table.put("8.6", "8.6"); // A10, A40, RTX 30xx
        table.put("8.7", ""); // Orin: above 8.6
        table.put("8.9", ""); // Ada L4, L40
        table.put("9.0", ""); // Hopper H100, H200
        table.put("10.0", ""); // Blackwell B200
        table.put("12.0", ""); // Blackwell RTX
        table.forEach((capability, code) -> assertEquals(
                code,
                GpuSupport.machineCodeFor(Capability.parse(capability))
                        .map(Capability::toString)
                        .orElse(""),
                capability));
    }

    @Test
    void aGpuAbove86IsRefusedNamingItsAddressAndTheFix() {
        GpuSupport.requireSupported(Map.of("0", new Capability(8, 6), "1", new Capability(7, 0)));
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> GpuSupport.requireSupported(Map.of("0", new Capability(8, 0), "1", new Capability(9, 0))));
        assertTrue(e.getMessage().startsWith("the training task was assigned GPU(s) {1=9.0}"), e.getMessage());
        assertTrue(e.getMessage().contains("spira.train.gpus = 0"), e.getMessage());
    }

    @Test
    void capabilitiesAreReadFromNvidiaSmiForTheAssignedAddressesOnly() throws Exception {
        String smi = fakeNvidiaSmi("0, 9.0\n1, 8.6\n2, 7.5");
        assertEquals(
                Optional.of(Map.of("1", new Capability(8, 6), "2", new Capability(7, 5))),
                GpuSupport.query(smi, List.of("1", "2")));
        ConfigException unknown = assertThrows(ConfigException.class, () -> GpuSupport.query(smi, List.of("3")));
        assertTrue(unknown.getMessage().startsWith("GPU address 3 assigned by Spark"), unknown.getMessage());
    }

    @Test
    void withoutAnAnsweringNvidiaSmiNoCapabilityIsRead() throws Exception {
        assertEquals(Optional.empty(), GpuSupport.query(dir.resolve("absent").toString(), List.of("0")));
        assertEquals(Optional.empty(), GpuSupport.query(failingNvidiaSmi(), List.of("0")));
    }

    @Test
    void aTaskAssignedAHopperGpuIsRefusedBeforeTraining() throws Exception {
        String smi = fakeNvidiaSmi("0, 8.0\n1, 9.0");
        TaskDevices devices = new TaskDevices("executor 1 on host", 2, List.of("0", "1"), false);
        ConfigException e = assertThrows(ConfigException.class, () -> devices.check(smi));
        assertTrue(e.getMessage().contains("{1=9.0}"), e.getMessage());
        new TaskDevices("executor 1 on host", 2, List.of("0"), false).check(smi);
    }

    @Test
    void theWorkersDiscoveryScriptReportsNvidiaSmisIndexesAsAddresses() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path smi = Path.of(script(
                "nvidia-smi",
                "[ \"$*\" = \"--query-gpu=index --format=csv,noheader\" ] || exit 9\nprintf '0\\n1\\n'\n"));
        Files.move(smi, bin.resolve("nvidia-smi"));
        // the module's directory is the working directory of its tests
        Path discovery = Path.of("").toAbsolutePath().resolveSibling("conf").resolve("gpu-discovery.sh");
        ProcessBuilder builder = new ProcessBuilder(discovery.toString()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}\n", out);
    }

    /** A fake nvidia-smi (fault injection: no GPU here) that prints {@code listing} for the project's query. */
    private String fakeNvidiaSmi(String listing) throws Exception {
        return script(
                "fake-nvidia-smi",
                "[ \"$1 $2\" = \"" + String.join(" ", GpuSupport.NVIDIA_SMI_QUERY) + "\" ] || exit 9\n" + "printf '"
                        + listing.replace("\n", "\\n") + "\\n'\n");
    }

    /** A fake nvidia-smi of a driver older than the compute_cap field: it refuses the query. */
    private String failingNvidiaSmi() throws Exception {
        return script("fake-old-nvidia-smi", "echo 'Field \"compute_cap\" is not a valid field to query.'\nexit 2\n");
    }

    private String script(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file.toString();
    }
}
