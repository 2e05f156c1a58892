package org.spira.features.spark;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.StructType;
import org.spira.features.RecordingRejectedException;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.AudioHeader;

/**
 * {@code probe_audio(content BINARY) -> STRUCT}: what a recording is, judged as ingest judges it
 * ({@link AudioDecoder#probe}: the container and its header, the samples decoded only where the
 * header gives no length), or the reject reason. Nothing here depends on a feature spec. Never
 * throws for bad audio.
 */
public final class ProbeAudioUdf implements UDF1<byte[], Row> {
    private static final long serialVersionUID = 1L;

    /** Name under which {@link #register} registers the function. */
    public static final String NAME = "probe_audio";

    /** Result struct: source format, rate (Hz), channels and duration (s), or a reject. */
    public static final StructType RESULT = createStructType(List.of(
            createStructField("format", StringType, true),
            createStructField("sample_rate", IntegerType, true),
            createStructField("channels", IntegerType, true),
            createStructField("duration_s", DoubleType, true),
            createStructField(FeatureRows.REJECT_REASON, StringType, true),
            createStructField(FeatureRows.REJECT_MESSAGE, StringType, true)));

    private static final AudioDecoder DECODER = new AudioDecoder();

    /** Registers the function as {@value #NAME} in {@code spark}. */
    public static void register(SparkSession spark) {
        spark.udf().register(NAME, new ProbeAudioUdf(), RESULT);
    }

    @Override
    public Row call(byte[] content) {
        try {
            AudioHeader header = DECODER.probe(content == null ? new byte[0] : content);
            return RowFactory.create(
                    header.format(), header.sampleRate(), header.channels(), header.durationSeconds(), null, null);
        } catch (RecordingRejectedException e) {
            return RowFactory.create(null, null, null, null, e.reason().code(), e.getMessage());
        }
    }
}
