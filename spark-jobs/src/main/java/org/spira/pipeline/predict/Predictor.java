package org.spira.pipeline.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.spira.features.RecordingId;
import org.spira.features.RejectReason;
import org.spira.pipeline.scoring.RecordingOutcome;
import org.spira.pipeline.scoring.RecordingScorer;

/**
 * {@code spira-predict}'s work, one local file at a time and with no Spark: the file's bytes go
 * to the same {@link RecordingScorer} that {@code score}'s executors run (the model's own
 * FeatureSpec, the network in batches, the mean of the windows, the threshold), so a file gets
 * the probability {@code score} gives the same audio in a warehouse. A file that cannot be read
 * is rejected as {@code unreadable}, as {@code spira-features} does.
 */
public final class Predictor {
    private final RecordingScorer scorer;
    private final PredictModel model;

    /** @param batchWindows windows per inference call, >= 1 */
    public Predictor(PredictModel model, int batchWindows) {
        this.model = model;
        this.scorer =
                RecordingScorer.load(model.model().modelZip(), model.model().spec(), batchWindows, model.threshold());
    }

    public FilePrediction predict(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return rejected(file, RejectReason.UNREADABLE, "no such file");
        } catch (IOException e) {
            // the exception's message repeats the path, which may carry a participant id: the line names the file
            return rejected(
                    file,
                    RejectReason.UNREADABLE,
                    "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        return new FilePrediction(file.toString(), RecordingId.of(bytes), scorer.score(bytes), model.threshold());
    }

    private FilePrediction rejected(Path file, RejectReason reason, String message) {
        return new FilePrediction(file.toString(), null, RecordingOutcome.rejected(reason, message), model.threshold());
    }
}
