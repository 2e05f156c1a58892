package org.spira.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.evaluation.DecisionThreshold;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.scoring.RecordingOutcome;
import org.spira.pipeline.scoring.RecordingScorer;
import org.spira.pipeline.scoring.UntrainedModel;
import picocli.CommandLine;

/**
 * spira-predict in-process, on a model folder as train logs it and shared recordings: one JSON
 * line per file with what RecordingScorer gives the same bytes, and the exit statuses 0 (all
 * scored), 3 (some rejected) and 2 (usage).
 */
class PredictCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path AUDIO = SharedData.root().resolve("public/audio");
    private static final Path CONTROL = AUDIO.resolve("0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.wav");
    private static final Path PATIENT = AUDIO.resolve("L7S8iIPKgiO6QWLC3mGkROCMa0s1/counting-fast.wav");
    private static final Path SHORT = AUDIO.resolve("0Rlzhiz6bybk77wdLjxwy7yLDhg1/vowel-a.wav");

    @TempDir
    static Path dir;

    private static Path model;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeTheModelFolder() throws Exception {
        model = UntrainedModel.folder(dir.resolve("model"));
    }

    private int run(String... args) {
        CommandLine cli = PredictCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void everyFileScoredPrintsOneLineEachAndExitsZero() throws Exception {
        assertEquals(0, run("--model", model.toString(), CONTROL.toString(), PATIENT.toString()), err.toString());
        List<JsonNode> lines = lines();
        assertEquals(2, lines.size(), out.toString());
        RecordingScorer scorer =
                RecordingScorer.load(UntrainedModel.zip(), UntrainedModel.SPEC, 64, DecisionThreshold.SPIRA);
        for (int i = 0; i < 2; i++) {
            Path file = i == 0 ? CONTROL : PATIENT;
            JsonNode line = lines.get(i);
            RecordingOutcome expected = scorer.score(Files.readAllBytes(file));
            assertEquals(file.toString(), line.get("file").asText());
            assertEquals(SharedData.sha256(file), line.get("recording_id").asText());
            assertEquals("scored", line.get("status").asText());
            assertEquals(expected.probability(), line.get("probability").asDouble());
            assertEquals(expected.predictedLabel(), line.get("predicted_label").asInt());
            assertEquals(
                    expected.predictedLabel() == 1 ? "patient" : "control",
                    line.get("predicted_class").asText());
            assertEquals(expected.windows(), line.get("windows").asInt());
            assertEquals(0.5, line.get("threshold").asDouble());
        }
        assertTrue(err.toString().contains("2 of 2 files scored, 0 rejected"), err.toString());
        assertTrue(err.toString().contains("feature version " + UntrainedModel.SPEC.hash()), err.toString());
    }

    @Test
    void aRejectedFileGetsItsReasonAndTheRunExitsThree() throws Exception {
        Path missing = dir.resolve("missing.wav");
        assertEquals(
                3,
                run(
                        "--model",
                        model.toString(),
                        "--threshold",
                        "0.25",
                        SHORT.toString(),
                        missing.toString(),
                        CONTROL.toString()));
        List<JsonNode> lines = lines();
        assertEquals(
                List.of("rejected", "rejected", "scored"),
                lines.stream().map(l -> l.get("status").asText()).toList());
        assertEquals("too_short", lines.get(0).get("reason").asText());
        assertEquals("unreadable", lines.get(1).get("reason").asText());
        assertEquals("no such file", lines.get(1).get("message").asText());
        assertTrue(lines.get(1).get("recording_id").isNull());
        assertEquals(0.25, lines.get(2).get("threshold").asDouble());
        assertTrue(
                err.toString().contains("1 of 3 files scored, 2 rejected {too_short=1, unreadable=1}"), err.toString());
    }

    @Test
    void usageErrorsExitTwoBeforeAnythingIsScored() throws Exception {
        assertEquals(2, run(CONTROL.toString()), "no --model");
        assertEquals(2, run("--model", model.toString()), "no file");
        assertEquals(2, run("--model", model.toString(), "--threshold", "1.5", CONTROL.toString()));
        assertTrue(err.toString().contains("--threshold 1.5 is invalid"), err.toString());
        assertEquals(2, run("--model", dir.resolve("nowhere").toString(), CONTROL.toString()));
        assertTrue(err.toString().contains("is not a folder"), err.toString());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(2, run("--model", empty.toString(), CONTROL.toString()));
        assertTrue(err.toString().contains("lacks model.zip or feature_spec.json"), err.toString());
        assertEquals(2, run("--model", "models:/spira-conv-v2/latest", CONTROL.toString()));
        assertTrue(err.toString().contains("models:/NAME/VERSION"), err.toString());
        assertEquals("", out.toString(), "no line is printed before the model is loaded");
    }
}
