package org.spira.pipeline.ingest;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.spira.features.decode.AudioHeader;

/**
 * What ingest learns about each manifest row before any table is written: accepted (with the
 * recording's properties) or rejected (with a reason). Never holds a subject id or a path.
 */
final class IngestOutcomes {
    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";

    static final StructType SCHEMA = createStructType(List.of(
            createStructField("manifest_row", LongType, false),
            createStructField("status", StringType, false),
            createStructField("source_key", StringType, true),
            createStructField("recording_id", StringType, true),
            createStructField("subject_key", StringType, true),
            createStructField("label", IntegerType, true),
            createStructField("audio_uri", StringType, true),
            createStructField("format", StringType, true),
            createStructField("sample_rate", IntegerType, true),
            createStructField("channels", IntegerType, true),
            createStructField("duration_s", DoubleType, true),
            createStructField("metadata", createMapType(StringType, StringType, true), true),
            createStructField("reason", StringType, true),
            createStructField("message", StringType, true)));

    private IngestOutcomes() {}

    static Row accepted(
            long row,
            String sourceKey,
            String recordingId,
            String subjectKey,
            int label,
            String audioUri,
            AudioHeader header,
            Map<String, String> metadata) {
        return RowFactory.create(
                row,
                ACCEPTED,
                sourceKey,
                recordingId,
                subjectKey,
                label,
                audioUri,
                header.format(),
                header.sampleRate(),
                header.channels(),
                header.durationSeconds(),
                scala.collection.JavaConverters.mapAsScalaMap(metadata),
                null,
                null);
    }

    static Row rejected(long row, String sourceKey, String recordingId, String reason, String message) {
        return RowFactory.create(
                row, REJECTED, sourceKey, recordingId, null, null, null, null, null, null, null, null, reason, message);
    }
}
