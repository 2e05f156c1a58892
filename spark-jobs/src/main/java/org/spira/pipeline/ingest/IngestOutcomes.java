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
import org.apache.spark.sql.types.StructType;
import org.spira.features.decode.AudioHeader;
import org.spira.features.quality.SpeechQuality;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.RowBuilder;

/**
 * What ingest learns about each manifest row before any table is written: accepted (with the
 * recording's properties) or rejected (with a reason). Never holds a subject id or a path. The
 * columns keep the names of the tables they go to.
 */
final class IngestOutcomes {
    static final String STATUS = "status";
    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";

    static final StructType SCHEMA = createStructType(List.of(
            createStructField(RecordingsTable.MANIFEST_ROW, LongType, false),
            createStructField(STATUS, StringType, false),
            createStructField(RecordingsTable.SOURCE_KEY, StringType, true),
            createStructField(RecordingsTable.RECORDING_ID, StringType, true),
            createStructField(RecordingsTable.SUBJECT_KEY, StringType, true),
            createStructField(RecordingsTable.LABEL, IntegerType, true),
            createStructField(RecordingsTable.AUDIO_URI, StringType, true),
            createStructField(RecordingsTable.FORMAT, StringType, true),
            createStructField(RecordingsTable.SAMPLE_RATE, IntegerType, true),
            createStructField(RecordingsTable.CHANNELS, IntegerType, true),
            createStructField(RecordingsTable.DURATION_S, DoubleType, true),
            createStructField(RecordingsTable.CLIPPING_RATIO, DoubleType, true),
            createStructField(RecordingsTable.SILENT_FRACTION, DoubleType, true),
            createStructField(RecordingsTable.SNR_DB, DoubleType, true),
            createStructField(RecordingsTable.DC_OFFSET, DoubleType, true),
            createStructField(RecordingsTable.METADATA, createMapType(StringType, StringType, true), true),
            createStructField(RejectedTable.REASON, StringType, true),
            createStructField(RejectedTable.MESSAGE, StringType, true)));

    private IngestOutcomes() {}

    static Row accepted(
            long row,
            String sourceKey,
            String recordingId,
            String subjectKey,
            int label,
            String audioUri,
            AudioHeader header,
            SpeechQuality quality,
            Map<String, String> metadata) {
        return outcome(row, ACCEPTED, sourceKey, recordingId)
                .set(RecordingsTable.SUBJECT_KEY, subjectKey)
                .set(RecordingsTable.LABEL, label)
                .set(RecordingsTable.AUDIO_URI, audioUri)
                .set(RecordingsTable.FORMAT, header.format())
                .set(RecordingsTable.SAMPLE_RATE, header.sampleRate())
                .set(RecordingsTable.CHANNELS, header.channels())
                .set(RecordingsTable.DURATION_S, header.durationSeconds())
                .set(RecordingsTable.CLIPPING_RATIO, quality.clippingRatio())
                .set(RecordingsTable.SILENT_FRACTION, quality.silentFraction())
                .set(RecordingsTable.SNR_DB, quality.snrDb())
                .set(RecordingsTable.DC_OFFSET, quality.dcOffset())
                .set(RecordingsTable.METADATA, metadata)
                .build();
    }

    /** A reject: the recording's properties stay null. */
    static Row rejected(long row, String sourceKey, String recordingId, String reason, String message) {
        return outcome(row, REJECTED, sourceKey, recordingId)
                .set(RejectedTable.REASON, reason)
                .set(RejectedTable.MESSAGE, message)
                .build();
    }

    private static RowBuilder outcome(long row, String status, String sourceKey, String recordingId) {
        return RowBuilder.of(SCHEMA)
                .set(RecordingsTable.MANIFEST_ROW, row)
                .set(STATUS, status)
                .set(RecordingsTable.SOURCE_KEY, sourceKey)
                .set(RecordingsTable.RECORDING_ID, recordingId);
    }
}
