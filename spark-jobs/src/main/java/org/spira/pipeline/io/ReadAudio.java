package org.spira.pipeline.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.features.spark.FeatureRows;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowBuilder;
import org.spira.pipeline.tables.RowFields;

/**
 * Rows of {@code recordings} to the featurization adapter's input ({@link FeatureRows#INPUT}:
 * recording_id, label, content), lazily, one recording at a time. The audio objects are the
 * warehouse's own content-addressed copies: one that cannot be read means a broken warehouse, so
 * it fails the task instead of becoming a reject ({@code score}, which must account for every
 * recording it is asked to score, reads them with {@link #readIfPresent} and rejects a missing one).
 */
public final class ReadAudio implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableConfiguration> hadoop;

    public ReadAudio(Broadcast<SerializableConfiguration> hadoop) {
        this.hadoop = hadoop;
    }

    /** The adapter's input rows of {@code recordings}, which need its id, label and audio_uri columns. */
    public Dataset<Row> apply(Dataset<Row> recordings) {
        return recordings
                .select(RecordingsTable.RECORDING_ID, RecordingsTable.LABEL, RecordingsTable.AUDIO_URI)
                .mapPartitions(this, Encoders.row(FeatureRows.INPUT));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return HadoopFiles.mapLazily(rows, this::content);
    }

    private Row content(Row recording) {
        String recordingId = RowFields.string(recording, RecordingsTable.RECORDING_ID);
        return RowBuilder.of(FeatureRows.INPUT)
                .set(FeatureRows.RECORDING_ID, recordingId)
                .set(FeatureRows.LABEL, RowFields.integer(recording, RecordingsTable.LABEL))
                .set(FeatureRows.CONTENT, read(recordingId, RowFields.string(recording, RecordingsTable.AUDIO_URI)))
                .build();
    }

    private byte[] read(String recordingId, String uri) {
        return readIfPresent(recordingId, uri, hadoop.value().value())
                .orElseThrow(() -> new StorageException(
                        "the audio object of recording " + recordingId
                                + " is missing; the warehouse's audio/ folder is damaged",
                        null));
    }

    /**
     * The bytes of a recording's audio object, or empty when the object does not exist (it was
     * deleted from the warehouse). The one way an audio object is read: featurize and evaluate fail
     * on a missing one, score rejects the recording.
     *
     * @throws StorageException when the object exists but cannot be read (the store is unreachable)
     */
    public static Optional<byte[]> readIfPresent(String recordingId, String uri, Configuration hadoop) {
        try {
            return Optional.of(HadoopFiles.readAll(new Path(uri), hadoop));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException(
                    "the audio object of recording " + recordingId
                            + " cannot be read; the warehouse's audio/ folder is damaged or unreachable",
                    e);
        }
    }
}
