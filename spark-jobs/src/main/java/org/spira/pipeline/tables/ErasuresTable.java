package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;

/**
 * {@code erasures}: one row per {@code forget} run, the record that an erasure request was carried
 * out. It holds no subject id and no subject key: only counts, the table versions the run left (a
 * version before them can no longer be read in full once the erased rows' files are vacuumed) and
 * the model versions that had learned from the erased recordings.
 */
public final class ErasuresTable {
    public static final String NAME = "erasures";

    public static final String ERASURE_RUN_ID = "erasure_run_id";
    public static final String STARTED_AT = "started_at";
    public static final String SUBJECTS_REQUESTED = "subjects_requested";
    public static final String SUBJECTS_FOUND = "subjects_found";
    public static final String RECORDINGS = "recordings";
    public static final String AUDIO_OBJECTS_DELETED = "audio_objects_deleted";
    public static final String ROWS_DELETED = "rows_deleted";
    public static final String FEATURE_STATS_RECOMPUTED = "feature_stats_recomputed";
    public static final String TABLE_VERSIONS = "table_versions";
    public static final String MODEL_VERSIONS = "model_versions";
    public static final String RETENTION_HOURS = "retention_hours";
    public static final String FILES_REMOVABLE_AFTER = "files_removable_after";

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(ERASURE_RUN_ID, StringType, false).withComment("the forget run"),
                    createStructField(STARTED_AT, TimestampType, false).withComment("when it started"),
                    createStructField(SUBJECTS_REQUESTED, LongType, false)
                            .withComment("distinct subject ids in its --subjects file"),
                    createStructField(SUBJECTS_FOUND, LongType, false)
                            .withComment("of those, subjects with rows in some table"),
                    createStructField(RECORDINGS, LongType, false)
                            .withComment("their recordings erased from `recordings`"),
                    createStructField(AUDIO_OBJECTS_DELETED, LongType, false)
                            .withComment("audio objects deleted from `<warehouse>/audio/`"),
                    createStructField(ROWS_DELETED, createMapType(StringType, LongType, false), false)
                            .withComment("rows deleted, per table"),
                    createStructField(FEATURE_STATS_RECOMPUTED, LongType, false)
                            .withComment("`feature_stats` rows recomputed without the erased recordings"),
                    createStructField(TABLE_VERSIONS, createMapType(StringType, LongType, false), false)
                            .withComment("per table it changed, the version it left: earlier versions held the"
                                    + " erased rows and cannot be read in full once their files are vacuumed"),
                    createStructField(MODEL_VERSIONS, createArrayType(StringType, false), false)
                            .withComment("`<model>/<version>` of every registered version that learned from an"
                                    + " erased recording, tagged `spira.erasure.pending_retrain`"),
                    createStructField(RETENTION_HOURS, DoubleType, false)
                            .withComment("the retention of the VACUUM it ran (`spira.forget.retention-hours`)"),
                    createStructField(FILES_REMOVABLE_AFTER, TimestampType, false)
                            .withComment("started_at + retention: a VACUUM from then on removes the last files"
                                    + " holding the erased rows"))),
            List.of(ERASURE_RUN_ID));

    private ErasuresTable() {}
}
