package org.spira.pipeline.featurize;

import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.pipeline.io.HadoopFiles;
import org.spira.pipeline.io.StorageException;

/**
 * (recording_id, label, audio_uri) to (recording_id, label, content), lazily, one recording at
 * a time. The audio objects are the warehouse's own content-addressed copies: one that cannot
 * be read means a broken warehouse, so it fails the task instead of becoming a reject.
 */
public final class ReadAudio implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableConfiguration> hadoop;

    public ReadAudio(Broadcast<SerializableConfiguration> hadoop) {
        this.hadoop = hadoop;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return HadoopFiles.mapLazily(
                rows,
                row -> RowFactory.create(row.getString(0), row.getInt(1), read(row.getString(0), row.getString(2))));
    }

    private byte[] read(String recordingId, String uri) {
        try {
            return HadoopFiles.readAll(new Path(uri), hadoop.value().value());
        } catch (IOException e) {
            throw new StorageException(
                    "the audio object of recording " + recordingId
                            + " cannot be read; the warehouse's audio/ folder is damaged or unreachable",
                    e);
        }
    }
}
