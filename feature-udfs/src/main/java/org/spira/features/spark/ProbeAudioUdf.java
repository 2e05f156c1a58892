package org.spira.features.spark;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.StructType;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingRejectedException;
import org.spira.features.dsp.FeatureSpec;

/**
 * {@code probe_audio(content BINARY) -> STRUCT}: decodes and validates a recording exactly as
 * featurization will (decodable, not silent, at least one window) and returns what ingest
 * records about it, or the reject reason. Never throws for bad audio.
 */
public final class ProbeAudioUdf implements UDF1<byte[], Row> {
    private static final long serialVersionUID = 1L;

    /** Name under which {@link #register} registers the function. */
    public static final String NAME = "probe_audio";

    /** Result struct: source format, rate (Hz), channels, duration (s) and windows, or a reject. */
    public static final StructType RESULT = createStructType(List.of(
            createStructField("format", StringType, true),
            createStructField("sample_rate", IntegerType, true),
            createStructField("channels", IntegerType, true),
            createStructField("duration_s", DoubleType, true),
            createStructField("windows", IntegerType, true),
            createStructField(FeatureRows.REJECT_REASON, StringType, true),
            createStructField(FeatureRows.REJECT_MESSAGE, StringType, true)));

    private final FeatureSpec spec;
    private transient RecordingFeaturizer featurizer;

    public ProbeAudioUdf(FeatureSpec spec) {
        this.spec = spec;
    }

    /** Registers the function as {@value #NAME} in {@code spark}. */
    public static void register(org.apache.spark.sql.SparkSession spark, FeatureSpec spec) {
        spark.udf().register(NAME, new ProbeAudioUdf(spec), RESULT);
    }

    @Override
    public Row call(byte[] content) {
        if (featurizer == null) {
            featurizer = new RecordingFeaturizer(spec);
        }
        try {
            PreparedRecording recording = featurizer.prepare(content == null ? new byte[0] : content);
            return RowFactory.create(
                    recording.format(),
                    recording.sourceSampleRate(),
                    recording.sourceChannels(),
                    recording.durationSeconds(),
                    spec.windowCount(recording.samples().length),
                    null,
                    null);
        } catch (RecordingRejectedException e) {
            return RowFactory.create(null, null, null, null, null, e.reason().code(), e.getMessage());
        }
    }
}
