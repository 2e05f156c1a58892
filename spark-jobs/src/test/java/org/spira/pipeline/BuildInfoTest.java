package org.spira.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void theCommitIsTheOneCheckedOutAndTheVersionIsTheProjects() throws Exception {
        assertEquals(checkedOutCommit(), BuildInfo.current().gitCommit());
        assertTrue(
                BuildInfo.current().appVersion().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                BuildInfo.current().appVersion());
    }

    /** {@code git rev-parse HEAD} of this module's folder, read independently; unknown without git. */
    private static String checkedOutCommit() throws InterruptedException {
        try {
            Process git = new ProcessBuilder(
                            "git", "-C", Path.of("").toAbsolutePath().toString(), "rev-parse", "HEAD")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 ? out : BuildInfo.UNKNOWN;
        } catch (IOException e) {
            return BuildInfo.UNKNOWN; // no git command
        }
    }
}
