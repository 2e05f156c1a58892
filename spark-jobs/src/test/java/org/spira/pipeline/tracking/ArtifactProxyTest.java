package org.spira.pipeline.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactProxyTest {
    @Test
    void theProxyRootComesFromTheRunsArtifactUri() {
        assertEquals("3/abc/artifacts", ArtifactProxy.rootOf("mlflow-artifacts:/3/abc/artifacts"));
        assertEquals("3/abc/artifacts", ArtifactProxy.rootOf("mlflow-artifacts://host:5000/3/abc/artifacts"));
        assertEquals(
                "3/abc/artifacts/model",
                ArtifactProxy.rootOf("http://host:5000/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/model"));
    }

    @Test
    void artifactsStoredElsewhereAreRefusedWithTheFix() {
        TrackingException e =
                assertThrows(TrackingException.class, () -> ArtifactProxy.rootOf("s3://bucket/3/abc/artifacts"));
        assertTrue(e.getMessage().contains("--serve-artifacts"), e.getMessage());
    }

    @Test
    void artifactPathsStayInsideTheRun() {
        for (String path : List.of("/etc/passwd", "model/../../other-run", "..", "a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> ArtifactProxy.checkPath(path), path);
        }
        assertEquals("model/spec..json", ArtifactProxy.checkPath("model/spec..json"));
        assertEquals("", ArtifactProxy.checkPath(""));
    }
}
