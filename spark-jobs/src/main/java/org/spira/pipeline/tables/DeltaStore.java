package org.spira.pipeline.tables;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * (no shared log store on S3): stages writing the same table must not run concurrently.
 */
public final class DeltaStore {
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
     * Creates the table with {@code schema} if it does not exist yet, and brings a table written
     * before to it: a column the schema added is appended (one new table version, made once),
     * null in the old rows. A column the table has and the schema no longer declares is kept,
     * with its values in the old rows; the rows {@link #insertNew} adds leave it null. (Delta
     * stores the schema of a table created from a DataFrame with every column nullable, so every
     * table created here accepts that null.)
     *
     * @throws IllegalStateException when the schema adds a NOT NULL column, which old rows cannot have
     */
    public void ensure(String table, StructType schema) {
        if (!DeltaTable.isDeltaTable(spark, path(table))) {
            spark.createDataFrame(List.of(), schema)
                    .write()
                    .format("delta")
                    .mode("append")
                    .save(path(table));
            return;
        }
        List<String> current = List.of(read(table).schema().fieldNames());
        for (StructField added : schema.fields()) {
            if (!current.contains(added.name())) {
                addColumn(table, added);
            }
        }
    }

    /** Latest version of the table. */
    public long version(String table) {
        return DeltaTable.forPath(spark, path(table))
                .history(1)
                .select("version")
                .head()
                .getLong(0);
    }

    public Dataset<Row> read(String table) {
        return spark.read().format("delta").load(path(table));
    }

    /** The table as of {@code version} (time travel). */
    public Dataset<Row> readVersion(String table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(path(table));
    }

    /** Sets a table property unless it already has that value (each change is a new version). */
    public void setPropertyIfAbsent(String table, String key, String value) {
        Object current = DeltaTable.forPath(spark, path(table))
                .detail()
                .select("properties")
                .head()
                .getJavaMap(0)
                .get(key);
        if (!value.equals(current)) {
            spark.sql("ALTER TABLE delta.`" + path(table) + "` SET TBLPROPERTIES ('" + key + "' = '"
                    + value.replace("'", "\\'") + "')");
        }
    }

    /**
     * Inserts the rows whose key (compared null-safely) is not in the table yet, by MERGE; when
     * there is none, writes nothing (a MERGE that changes nothing would still add a version).
     *
     * @return the number of rows inserted
     */
    public long insertNew(String table, StructType schema, List<String> key, Dataset<Row> rows) {
        ensure(table, schema);
        Dataset<Row> fresh = rows.select(columns(schema)).dropDuplicates(key.toArray(String[]::new));
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

    private void addColumn(String table, StructField column) {
        if (!column.nullable()) {
            throw new IllegalStateException("the table " + path(table) + " has no column " + column.name()
                    + ", which its schema declares NOT NULL: its existing rows cannot have one; declare the"
                    + " column nullable");
        }
        spark.sql("ALTER TABLE delta.`" + path(table) + "` ADD COLUMNS (" + column.name() + " "
                + column.dataType().sql() + ")");
    }

    /** The schema's columns from the source; a column the table has besides them stays null. */
    private static Map<String, String> insertion(StructType schema) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String column : schema.fieldNames()) {
            values.put(column, "s." + column);
        }
        return values;
    }

    private static Column[] columns(StructType schema) {
        return columns(List.of(schema.fieldNames()));
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
