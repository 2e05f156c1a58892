package org.spira.pipeline.tables;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables under one warehouse root ({@code file://} or {@code s3a://}): creation with
 * a declared schema, idempotent inserts of new keys, versions. One writer per table at a time
 * (no shared log store on S3): the stage commands hold a writer lease on every table their job
 * writes (package {@code lease}), so two runs never commit to one table at once.
 */
public final class DeltaStore {
    /** Columns of Delta's own history and detail results. */
    private static final String HISTORY_VERSION = "version";

    private static final String DETAIL_PROPERTIES = "properties";

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
     * Creates the table of {@code contract} if it does not exist yet, and brings a table written
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
            spark.createDataFrame(List.of(), contract.schema())
                    .write()
                    .format("delta")
                    .mode("append")
                    .save(path(table));
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

    /** The table as of {@code version} (time travel). */
    public Dataset<Row> readVersion(String table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(path(table));
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
        fresh = fresh.cache();
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
