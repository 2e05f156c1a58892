package org.spira.features.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.npy.Npy;
import org.spira.features.testing.SharedData;

/** The packaged command, run as a user runs it: {@code java -jar target/spira-features.jar}. */
class FeaturizeJarIT {
    @TempDir
    Path out;

    @Test
    void thePackagedJarRunsWithItsLibFolderAndNoSpark() throws Exception {
        Path jar = Paths.get(System.getProperty("spira.features.jar"));
        Path good = SharedData.root().resolve("native-rate/coswara/5le68NJRZWV6TrMTYn3j7gSlqTi2/counting-normal.wav");
        Path bad = Files.writeString(out.resolve("bad.wav"), "RIFF but nothing else");
        Result result = run(jar, "--output", out.resolve("features").toString(), good.toString(), bad.toString());
        assertEquals(3, result.exit(), result.output());
        List<String> lines = result.output().lines().toList();
        assertTrue(lines.get(0).startsWith("ok\t" + good + "\t"), result.output());
        assertTrue(lines.get(1).startsWith("rejected\t" + bad + "\t"), result.output());
        int[] shape = Npy.read(out.resolve("features/counting-normal.npy")).shape();
        assertArrayEquals(new int[] {shape[0], 401, 40}, shape);
        assertTrue(shape[0] > 0);

        Result help = run(jar, "--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().contains("--noise"), help.output());
    }

    private record Result(int exit, String output) {}

    private Result run(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the command did not finish");
        return new Result(process.exitValue(), output);
    }
}
