package org.spira.pipeline.score;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.evaluation.DecisionThreshold;
import org.spira.features.RejectReason;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.FeatureRows;
import org.spira.pipeline.io.HadoopFiles;
import org.spira.pipeline.io.ReadAudio;
import org.spira.pipeline.scoring.RecordingOutcome;
import org.spira.pipeline.scoring.RecordingScorer;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowBuilder;
import org.spira.pipeline.tables.RowFields;

/**
 * Scores recordings on the executors, one at a time: reads each one's audio object, and hands
 * the bytes to a {@link RecordingScorer} (the model's FeatureSpec, the network in batches, the
 * mean of the windows, the threshold), loaded once per partition from the broadcast model. Rows
 * of {@code recording_id, audio_uri} in, {@link #OUTPUT} rows out: a prediction, or a reject
 * (reason and message) for a recording the model cannot score, a missing audio object included.
 * Nothing but recording ids and numbers leaves the executors; no subject key is read.
 */
final class ScoreRecordingsPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** A recording's outcome: windows, probability and predicted label, or a reject reason and message. */
    static final StructType OUTPUT = createStructType(List.of(
            createStructField(PredictionsTable.RECORDING_ID, StringType, false),
            createStructField(PredictionsTable.WINDOWS, IntegerType, true),
            createStructField(PredictionsTable.PROBABILITY, DoubleType, true),
            createStructField(PredictionsTable.PREDICTED_LABEL, IntegerType, true),
            createStructField(FeatureRows.REJECT_REASON, StringType, true),
            createStructField(FeatureRows.REJECT_MESSAGE, StringType, true)));

    private final Broadcast<byte[]> model;
    private final FeatureSpec spec;
    private final int batchWindows;
    // DecisionThreshold is not Serializable: the task rebuilds it from the value
    private final double threshold;
    private final Broadcast<SerializableConfiguration> hadoop;

    ScoreRecordingsPartition(
            Broadcast<byte[]> model,
            FeatureSpec spec,
            int batchWindows,
            DecisionThreshold threshold,
            Broadcast<SerializableConfiguration> hadoop) {
        this.model = model;
        this.spec = spec;
        this.batchWindows = batchWindows;
        this.threshold = threshold.value();
        this.hadoop = hadoop;
    }

    /** The outcomes of {@code recordings}, which need the recording_id and audio_uri columns. */
    Dataset<Row> apply(Dataset<Row> recordings) {
        return recordings
                .select(RecordingsTable.RECORDING_ID, RecordingsTable.AUDIO_URI)
                .mapPartitions(this, Encoders.row(OUTPUT));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> recordings) {
        if (!recordings.hasNext()) {
            return recordings; // an empty partition loads no network
        }
        RecordingScorer scorer =
                RecordingScorer.load(model.value(), spec, batchWindows, new DecisionThreshold(threshold));
        return HadoopFiles.mapLazily(recordings, recording -> outcome(scorer, recording));
    }

    private Row outcome(RecordingScorer scorer, Row recording) {
        String recordingId = RowFields.string(recording, RecordingsTable.RECORDING_ID);
        Optional<byte[]> audio = ReadAudio.readIfPresent(
                recordingId,
                RowFields.string(recording, RecordingsTable.AUDIO_URI),
                hadoop.value().value());
        RecordingOutcome outcome = audio.map(scorer::score)
                .orElseGet(() -> RecordingOutcome.rejected(
                        RejectReason.UNREADABLE,
                        "the recording's audio object is missing from the warehouse's audio/ folder: restore"
                                + " audio/<recording_id> from the recording's source (its SHA-256 is the id)"));
        RowBuilder row = RowBuilder.of(OUTPUT).set(PredictionsTable.RECORDING_ID, recordingId);
        if (outcome.isScored()) {
            return row.set(PredictionsTable.WINDOWS, outcome.windows())
                    .set(PredictionsTable.PROBABILITY, outcome.probability())
                    .set(PredictionsTable.PREDICTED_LABEL, outcome.predictedLabel())
                    .build();
        }
        return row.set(FeatureRows.REJECT_REASON, outcome.rejectReason())
                .set(FeatureRows.REJECT_MESSAGE, outcome.rejectMessage())
                .build();
    }
}
