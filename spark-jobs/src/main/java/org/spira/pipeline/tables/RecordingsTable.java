package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;

/**
 * {@code recordings}: one row per accepted recording, keyed by {@code recording_id} (SHA-256 of
 * the file bytes, so the same audio is never stored twice). Nothing in it identifies a person:
 * {@code subject_key} is the keyed HMAC of the subject id, and since file names often carry
 * participant ids, the source location is kept only as {@code source_key} (the keyed HMAC of
 * its URI); the audio itself is copied to {@code audio_uri}, a content-addressed object
 * {@code <warehouse>/audio/<recording_id>} that later stages read and that never changes.
 *
 * <p>Nothing in it depends on a feature spec: format, rate, channels and duration are the
 * source's, from its header, and the speech-quality measures ingest checked are its samples'
 * ({@link org.spira.features.quality.SpeechQuality}). Tables written before have a {@code windows} column (the window
 * count of the 4 s spec): their rows keep it, and the rows added now leave it null.
 */
public final class RecordingsTable {
    public static final String NAME = "recordings";

    public static final String RECORDING_ID = "recording_id";
    public static final String SUBJECT_KEY = "subject_key";
    public static final String LABEL = "label";
    public static final String AUDIO_URI = "audio_uri";
    public static final String SOURCE_KEY = "source_key";
    public static final String FORMAT = "format";
    public static final String SAMPLE_RATE = "sample_rate";
    public static final String CHANNELS = "channels";
    public static final String DURATION_S = "duration_s";
    public static final String CLIPPING_RATIO = "clipping_ratio";
    public static final String SILENT_FRACTION = "silent_fraction";
    public static final String SNR_DB = "snr_db";
    public static final String DC_OFFSET = "dc_offset";
    public static final String METADATA = "metadata";
    public static final String MANIFEST_URI = "manifest_uri";
    public static final String MANIFEST_ROW = "manifest_row";
    public static final String INGEST_RUN_ID = "ingest_run_id";
    public static final String INGESTED_AT = "ingested_at";

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(RECORDING_ID, StringType, false).withComment("SHA-256 of the audio bytes"),
                    createStructField(SUBJECT_KEY, StringType, false)
                            .withComment("keyed HMAC-SHA256 of the manifest's `subject_id`"),
                    createStructField(LABEL, IntegerType, false).withComment("class: 0 control, 1 patient"),
                    createStructField(AUDIO_URI, StringType, false)
                            .withComment("`<warehouse>/audio/<recording_id>`, the content-addressed copy"),
                    createStructField(SOURCE_KEY, StringType, false)
                            .withComment("keyed HMAC of the manifest path's URI"),
                    createStructField(FORMAT, StringType, false).withComment("container and encoding, from the header"),
                    createStructField(SAMPLE_RATE, IntegerType, false).withComment("Hz, the source's"),
                    createStructField(CHANNELS, IntegerType, false).withComment("the source's channel count"),
                    createStructField(DURATION_S, DoubleType, false).withComment("seconds, from the header"),
                    createStructField(CLIPPING_RATIO, DoubleType, true)
                            .withComment("share of samples at full scale (speech quality); null in rows ingested"
                                    + " before the checks"),
                    createStructField(SILENT_FRACTION, DoubleType, true)
                            .withComment("share of 20 ms frames below -50 dBFS (speech quality)"),
                    createStructField(SNR_DB, DoubleType, true)
                            .withComment("percentile SNR estimate, dB (speech quality)"),
                    createStructField(DC_OFFSET, DoubleType, true).withComment("mean of the samples (speech quality)"),
                    createStructField(METADATA, createMapType(StringType, StringType, true), false)
                            .withComment("the manifest's metadata columns (`spira.ingest.metadata-columns`)"),
                    createStructField(MANIFEST_URI, StringType, false).withComment("the manifest the row came from"),
                    createStructField(MANIFEST_ROW, LongType, false)
                            .withComment("its row in the manifest, 1-based, header excluded"),
                    createStructField(INGEST_RUN_ID, StringType, false).withComment("the ingest run that accepted it"),
                    createStructField(INGESTED_AT, TimestampType, false).withComment("when that run started"))),
            List.of(RECORDING_ID));

    private RecordingsTable() {}
}
