package org.spira.model;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/spira_conv_reference.py} with the interpreter named by the system
 * property {@value #PROPERTY} (the parent pom sets Debian's {@code /usr/bin/python3}; {@code
 * bin/setup-reference} installs its {@code python3-torch}). A missing interpreter or torch is a
 * test failure with the fix in its message, never a skip.
 */
final class TorchReference {

    static final String PROPERTY = "spira.torch.python";

    private static final Path SCRIPT = Path.of("src/test/python/spira_conv_reference.py");
    private static final long TIMEOUT_MINUTES = 10;

    private TorchReference() {}

    /** Runs the reference on the exchange directory {@code dir} with {@code arguments}; returns its stdout. */
    static String run(Path dir, List<String> arguments) throws IOException, InterruptedException {
        String python = interpreter();
        List<String> command = new ArrayList<>(List.of(python, SCRIPT.toString(), "--dir", dir.toString()));
        command.addAll(arguments);
        return execute(command, "the PyTorch reference " + SCRIPT);
    }

    private static String interpreter() throws IOException, InterruptedException {
        String python = System.getProperty(PROPERTY, "").strip();
        if (python.isEmpty()) {
            fail("-D" + PROPERTY + " is empty: set it to a Python with torch (Debian's /usr/bin/python3 after"
                    + " bin/setup-reference); the parent pom sets it by default");
        }
        if (!Files.isExecutable(Path.of(python))) {
            fail("-D" + PROPERTY + "=" + python + " is not an executable; run bin/setup-reference (Debian"
                    + " python3-torch) or point the property at a Python with torch");
        }
        execute(
                List.of(python, "-c", "import numpy, torch"),
                python + " cannot import torch and numpy; run bin/setup-reference (apt-get install python3-torch"
                        + " python3-numpy) or point -D" + PROPERTY + " at a Python with torch");
        return python;
    }

    private static String execute(List<String> command, String what) throws IOException, InterruptedException {
        Path log = Files.createTempFile("spira-torch-", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(what + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                fail(what + " failed with exit status " + process.exitValue() + ":\n" + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
