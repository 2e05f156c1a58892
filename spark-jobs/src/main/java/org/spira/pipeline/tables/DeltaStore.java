package org.spira.pipeline.tables;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The Delta tables under one warehouse root ({@code file://} or {@code s3a://}): creation with
 * a declared schema, idempotent inserts of new keys, versions. One writer per table at a time
 * (no shared log store on S3): the stage commands hold a writer lease on every table their job
 * writes (package {@code lease}), so two runs never commit to one table at once.
 */
public final class DeltaStore {
    /** Columns of Delta's own history and detail results. */
    private static final String HISTORY_VERSION = "version";

    private static final String HISTORY_METRICS = "operationMetrics";
    private static final String APPENDED_ROWS = "numOutputRows";

    private static final String DETAIL_PROPERTIES = "properties";
    private static final String DETAIL_FILES = "numFiles";
    private static final String DETAIL_BYTES = "sizeInBytes";
    private static final String LOG_FOLDER = "_delta_log";
    private static final String DELETION_VECTORS_PROPERTY = "delta.enableDeletionVectors";
    /** Delta's default VACUUM retention, the shortest its safety check allows. */
    public static final double DEFAULT_RETENTION_HOURS = 168;

    private final SparkSession spark;
    private final String warehouse;

    public DeltaStore(SparkSession spark, String warehouse) {
        this.spark = spark;
        this.warehouse = warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
    }

    /** The session the tables are read with. */
    public SparkSession spark() {
        return spark;
    }

    /** The table's location: {@code <warehouse>/<name>}. */
    public String path(String table) {
        return warehouse + "/" + table;
    }

    /**
     * Creates the table of {@code contract} if it does not exist yet (with no file statistics of its
     * personal columns: {@link TableContract#statsColumns}), and brings a table written
     * before to it: a column the schema added is appended (one new table version, made once),
     * and in the old rows it holds the contract's backfill for it, or null. A column the table has
     * and the schema no longer declares is kept, with its values in the old rows; the rows {@link
     * #insertNew} adds leave it null. (Delta stores the schema of a table created from a DataFrame
     * with every column nullable, so every table created here accepts that null.)
     *
     * @throws IllegalStateException when the schema adds a NOT NULL column with no backfill, which
     *     old rows cannot have
     */
    public void ensure(TableContract contract) {
        String table = contract.name();
        if (!exists(table)) {
            DataFrameWriter<Row> writer = spark.createDataFrame(List.of(), contract.schema())
                    .write()
                    .format("delta")
                    .mode("append");
            contract.statsColumns().ifPresent(columns -> writer.option(TableContract.STATS_COLUMNS_PROPERTY, columns));
            writer.save(path(table));
            return;
        }
        List<String> current = List.of(read(table).schema().fieldNames());
        for (StructField added : contract.schema().fields()) {
            if (!current.contains(added.name())) {
                addColumn(table, added, contract.backfills().containsKey(added.name()));
            }
        }
        backfill(contract);
    }

    /** Whether the table has been created (a stage that writes it has run). */
    public boolean exists(String table) {
        return DeltaTable.isDeltaTable(spark, path(table));
    }

    /** Latest version of the table. */
    public long version(String table) {
        Row latest = DeltaTable.forPath(spark, path(table)).history(1).head();
        return RowFields.longValue(latest, HISTORY_VERSION);
    }

    public Dataset<Row> read(String table) {
        return spark.read().format("delta").load(path(table));
    }

    /**
     * The table as of {@code version} (time travel).
     *
     * @throws ErasedVersionException for a version before the latest erasure of the table
     */
    public Dataset<Row> readVersion(String table, long version) {
        long first = firstReadableVersion(table);
        if (version < first) {
            throw new ErasedVersionException("version " + version + " of " + path(table) + " was written before an"
                    + " erasure of subjects' data (forget), which left the table at version " + first + ": it held"
                    + " erased rows and is not read (docs/privacy.md). A model version trained on it is tagged for"
                    + " retraining if it learned from them; train a new version on the current tables");
        }
        return spark.read().format("delta").option("versionAsOf", version).load(path(table));
    }

    /** The first version of {@code table} the latest erasure left: 0 when none erased rows from it. */
    public long firstReadableVersion(String table) {
        if (!exists(ErasuresTable.NAME)) {
            return 0;
        }
        Row latest = read(ErasuresTable.NAME)
                .select(functions.max(
                        functions.element_at(functions.col(ErasuresTable.TABLE_VERSIONS), functions.lit(table))))
                .head();
        return latest.isNullAt(0) ? 0 : latest.getLong(0);
    }

    /** The table property {@code key}, if the table has it. */
    public Optional<String> property(String table, String key) {
        Row detail = DeltaTable.forPath(spark, path(table)).detail().head();
        return Optional.ofNullable(
                RowFields.<String, String>map(detail, DETAIL_PROPERTIES).get(key));
    }

    /** Sets a table property unless it already has that value (each change is a new version). */
    public void setPropertyIfAbsent(String table, String key, String value) {
        if (!property(table, key).equals(Optional.of(value))) {
            spark.sql("ALTER TABLE delta.`" + path(table) + "` SET TBLPROPERTIES ('" + key + "' = '"
                    + value.replace("'", "\\'") + "')");
        }
    }

    /**
     * Inserts the rows of {@code rows} (which hold at least the contract's columns; others are
     * dropped) whose key (compared null-safely) is not in the table yet, by MERGE, after {@link
     * #ensure}; when there is none, writes nothing (a MERGE that changes nothing would still add a
     * version).
     *
     * @return the number of rows inserted
     */
    public long insertNew(TableContract contract, Dataset<Row> rows) {
        String table = contract.name();
        StructType schema = contract.schema();
        List<String> key = contract.key();
        ensure(contract);
        Dataset<Row> fresh = rows.select(contract.columns()).dropDuplicates(key.toArray(String[]::new));
        Dataset<Row> existing = read(table).select(columns(key));
        fresh = fresh.join(existing, matches(key, fresh, existing), "left_anti");
        // On disk only: the new rows of features are 64 KB each, and held in the heap they squeeze
        // what the MERGE's Parquet writers and the tasks' own code have in a 1 GB executor.
        fresh = fresh.persist(StorageLevel.DISK_ONLY());
        try {
            long count = fresh.count();
            if (count > 0) {
                DeltaTable.forPath(spark, path(table))
                        .as("t")
                        .merge(fresh.as("s"), mergeCondition(key))
                        .whenNotMatched()
                        .insertExpr(insertion(schema))
                        .execute();
            }
            return count;
        } finally {
            fresh.unpersist();
        }
    }

    /**
     * Appends {@code rows} (which hold at least the contract's columns; others are dropped) in one
     * pass, after {@link #ensure}, without comparing their keys with the table's as {@link
     * #insertNew} does: only for rows whose keys cannot be in the table, because the caller derived
     * them from keys it found absent while holding the table's writer lease (featurize: the windows
     * of recordings with no row of its feature version). It commits one version even for no rows, so
     * a caller appends only rows it knows exist.
     *
     * @return the number of rows appended, from the commit's metrics
     */
    public long appendNew(TableContract contract, Dataset<Row> rows) {
        ensure(contract);
        rows.select(contract.columns()).write().format("delta").mode("append").save(path(contract.name()));
        Row commit = DeltaTable.forPath(spark, path(contract.name())).history(1).head();
        return Long.parseLong(
                RowFields.<String, String>map(commit, HISTORY_METRICS).get(APPENDED_ROWS));
    }

    /**
     * Deletes the rows of the table whose {@code column} holds a value of {@code matches}' column
     * of that name, by one MERGE whose condition names the columns only (no value reaches the
     * table's log), and only when some row matches. Before that, a table with a personal column
     * gets {@link TableContract#statsColumns}, so that the files the delete rewrites keep no
     * statistics of it; on a table with deletion vectors, the deleted rows are purged from the
     * files that still hold them.
     *
     * @return the rows deleted (none when the table does not exist)
     */
    public long deleteMatching(TableContract contract, Dataset<Row> matches, String column) {
        String table = contract.name();
        if (!exists(table)) {
            return 0;
        }
        Dataset<Row> values = functions.broadcast(matches.select(column).distinct());
        long count = read(table).join(values, column, "left_semi").count();
        if (count > 0) {
            contract.statsColumns()
                    .ifPresent(columns -> setPropertyIfAbsent(table, TableContract.STATS_COLUMNS_PROPERTY, columns));
            DeltaTable.forPath(spark, path(table))
                    .as("t")
                    .merge(values.as("s"), "t." + column + " = s." + column)
                    .whenMatched()
                    .delete()
                    .execute();
            if (property(table, DELETION_VECTORS_PROPERTY).equals(Optional.of("true"))) {
                spark.sql("REORG TABLE delta.`" + path(table) + "` APPLY (PURGE)");
            }
        }
        return count;
    }

    /**
     * Replaces the table's rows that satisfy {@code condition} (a SQL predicate) with {@code rows},
     * which must all satisfy it, in one version (Delta's {@code replaceWhere} overwrite).
     */
    public void replaceWhere(TableContract contract, Dataset<Row> rows, String condition) {
        ensure(contract);
        rows.select(contract.columns())
                .write()
                .format("delta")
                .mode("overwrite")
                .option("replaceWhere", condition)
                .save(path(contract.name()));
    }

    /** The data files of the table's latest version (Delta's detail). */
    public TableFiles files(String table) {
        Row detail = DeltaTable.forPath(spark, path(table)).detail().head();
        return new TableFiles(RowFields.longValue(detail, DETAIL_FILES), RowFields.longValue(detail, DETAIL_BYTES));
    }

    /**
     * The data files stored under the table's folder, whichever versions need them (not its log):
     * what a VACUUM can delete is among them.
     */
    public TableFiles stored(String table) {
        Path root = new Path(path(table));
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
            long files = 0;
            long bytes = 0;
            while (listing.hasNext()) {
                LocatedFileStatus file = listing.next();
                if (!file.getPath().toUri().getPath().contains("/" + LOG_FOLDER + "/")) {
                    files++;
                    bytes += file.getLen();
                }
            }
            return new TableFiles(files, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files of " + path(table), e);
        }
    }

    /**
     * Rewrites the small files of the table's latest version into fewer, larger ones (Delta's
     * OPTIMIZE: at most {@code spark.databricks.delta.optimize.maxFileSize} each, per partition). The
     * rows do not change; it writes a version only when there was something to compact.
     */
    public void compact(String table) {
        DeltaTable.forPath(spark, path(table)).optimize().executeCompaction();
    }

    /**
     * Deletes the files of the table that no version has needed for {@code retentionHours} or more
     * (Delta's VACUUM). Below Delta's default retention, its safety check is turned off for the call.
     * Its listing of the table's folder runs in as many tasks as the application has cores, not in
     * Spark's default 10,000 (a partition-discovery setting meant for tables of many folders: on
     * MinIO, it made each VACUUM of a small table take 23 s).
     */
    public void vacuum(String table, double retentionHours) {
        Map<String, String> settings = Map.of(
                "spark.databricks.delta.retentionDurationCheck.enabled",
                Boolean.toString(retentionHours >= DEFAULT_RETENTION_HOURS),
                "spark.sql.sources.parallelPartitionDiscovery.parallelism",
                Integer.toString(spark.sparkContext().defaultParallelism()));
        Map<String, String> before = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            before.put(key, spark.conf().getOption(key).getOrElse(() -> null));
            spark.conf().set(key, value);
        });
        try {
            DeltaTable.forPath(spark, path(table)).vacuum(retentionHours);
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    spark.conf().unset(key);
                } else {
                    spark.conf().set(key, value);
                }
            });
        }
    }

    private void addColumn(String table, StructField column, boolean backfilled) {
        if (!column.nullable() && !backfilled) {
            throw new IllegalStateException("the table " + path(table) + " has no column " + column.name()
                    + ", which its schema declares NOT NULL: its existing rows cannot have one; declare the"
                    + " column nullable, or give the contract a backfill for it");
        }
        spark.sql("ALTER TABLE delta.`" + path(table) + "` ADD COLUMNS (" + column.name() + " "
                + column.dataType().sql() + ")");
    }

    /**
     * Gives the backfilled columns their value in the rows that lack it, by one UPDATE, and only
     * when some row lacks it: the rows a stage writes always hold one, so after the first run this
     * is one filter query and no new version, and a run stopped between adding a column and
     * filling it is completed by the next.
     */
    private void backfill(TableContract contract) {
        if (contract.backfills().isEmpty()) {
            return;
        }
        String lacking = String.join(
                " OR ",
                contract.backfills().keySet().stream()
                        .map(c -> c + " IS NULL")
                        .sorted()
                        .toList());
        if (read(contract.name()).where(lacking).isEmpty()) {
            return;
        }
        String assignments = String.join(
                ", ",
                contract.backfills().entrySet().stream()
                        .map(e -> e.getKey() + " = coalesce(" + e.getKey() + ", " + e.getValue() + ")")
                        .sorted()
                        .toList());
        spark.sql("UPDATE delta.`" + path(contract.name()) + "` SET " + assignments + " WHERE " + lacking);
    }

    /** The schema's columns from the source; a column the table has besides them stays null. */
    private static Map<String, String> insertion(StructType schema) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String column : schema.fieldNames()) {
            values.put(column, "s." + column);
        }
        return values;
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(functions::col).toArray(Column[]::new);
    }

    private static Column matches(List<String> key, Dataset<Row> left, Dataset<Row> right) {
        return key.stream()
                .map(k -> left.col(k).eqNullSafe(right.col(k)))
                .reduce(Column::and)
                .orElseThrow();
    }

    private static String mergeCondition(List<String> key) {
        return String.join(
                " AND ", key.stream().map(k -> "t." + k + " <=> s." + k).toList());
    }
}
