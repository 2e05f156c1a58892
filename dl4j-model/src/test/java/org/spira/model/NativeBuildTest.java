package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one native build the project carries (nd4j-native {@code linux-x86_64-onednn}, see
 * docs/benchmarks.md, "Native build") on processors without AVX-512 and without AVX: its own code
 * is built for baseline x86-64, and its kernels choose their instruction set at run time. Each
 * case forces a lower level on this machine in a child JVM: oneDNN's ({@code DNNL_MAX_CPU_ISA}),
 * OpenBLAS's ({@code OPENBLAS_CORETYPE}) and HotSpot's own ({@code -XX:UseAVX}, for the Java
 * loops). The child must report the forced oneDNN level, a generic binary with oneDNN, and one
 * training step must end where it ends here, unforced.
 */
class NativeBuildTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"AVX2, Haswell, 2, Intel AVX2", "SSE41, Prescott, 0, Intel SSE4.1"})
    void aTrainingStepGivesTheSameResultWithTheInstructionSetForcedDown(
            String dnnlIsa, String openBlasCore, int useAvx, String reportedIsa) throws Exception {
        Path out = dir.resolve(dnnlIsa + ".bin");
        String log = probe(out, dnnlIsa, openBlasCore, useAvx);
        assertTrue(log.contains("dnnl_verbose,info,cpu,isa:" + reportedIsa), "oneDNN's level in:\n" + log);
        assertTrue(
                log.contains("binary level 1, oneDNN true"), "a generic x86-64 build (level 1) with oneDNN:\n" + log);

        INDArray forced = Nd4j.readBinary(out.toFile());
        INDArray here = NativeBuildProbe.step();
        assertEquals(here.length(), forced.length());
        double error = here.sub(forced).norm2Number().doubleValue()
                / here.norm2Number().doubleValue();
        assertTrue(error < TOLERANCE, dnnlIsa + ": relative L2 difference " + error);
    }

    private static String probe(Path out, String dnnlIsa, String openBlasCore, int useAvx) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                java.toString(),
                "-XX:UseAVX=" + useAvx,
                "-cp",
                System.getProperty("java.class.path"),
                NativeBuildProbe.class.getName(),
                out.toString()));
        builder.environment().put("DNNL_MAX_CPU_ISA", dnnlIsa);
        builder.environment().put("DNNL_VERBOSE", "1");
        builder.environment().put("OPENBLAS_CORETYPE", openBlasCore);
        Path log = out.resolveSibling(dnnlIsa + ".log");
        Process process =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the probe with " + dnnlIsa + " did not finish within 5 minutes");
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "the probe with " + dnnlIsa + " failed:\n" + text);
        return text;
    }
}
