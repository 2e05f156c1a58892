package org.spira.pipeline.tables;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a Delta table of the warehouse is: its name (its folder under the warehouse), its schema
 * (each column with its type, nullability and a comment saying what it holds), its key (the
 * columns {@link DeltaStore#insertNew} merges on) and, for a column added after tables were
 * written, how {@link DeltaStore#ensure} fills it in their rows. Each table's class ({@code
 * RecordingsTable}, ...) declares one, with its column names as constants; the stages name
 * columns only through those constants.
 *
 * @param name the table's folder under the warehouse
 * @param schema the columns, in the order a new table has them
 * @param key the columns that identify a row, compared null-safely
 * @param backfills column name to a SQL expression over the table's columns, the value {@link
 *     DeltaStore#ensure} gives that column in rows written before it existed
 */
public record TableContract(String name, StructType schema, List<String> key, Map<String, String> backfills) {
    /** Columns that identify a person, even keyed: Delta keeps no per-file statistics of them. */
    public static final Set<String> PERSONAL = Set.of(RecordingsTable.SUBJECT_KEY);

    /** The table property naming the columns Delta keeps per-file min/max statistics of. */
    public static final String STATS_COLUMNS_PROPERTY = "delta.dataSkippingStatsColumns";

    public TableContract {
        key = List.copyOf(key);
        backfills = Map.copyOf(backfills);
        List<String> columns = List.of(schema.fieldNames());
        for (String column : key) {
            require(columns.contains(column), name + ": the key column " + column + " is not in the schema");
        }
        for (String column : backfills.keySet()) {
            require(columns.contains(column), name + ": the backfilled column " + column + " is not in the schema");
        }
        for (StructField field : schema.fields()) {
            require(
                    field.getComment().isDefined(),
                    name + ": the column " + field.name() + " has no comment saying what it holds");
        }
    }

    /** A contract with nothing to fill in rows written before. */
    public TableContract(String name, StructType schema, List<String> key) {
        this(name, schema, key, Map.of());
    }

    /** The schema's columns, in order, to select a Dataset into this table's shape. */
    public Column[] columns() {
        return List.of(schema.fieldNames()).stream().map(functions::col).toArray(Column[]::new);
    }

    /**
     * The value of {@link #STATS_COLUMNS_PROPERTY} for a table with a {@link #PERSONAL} column: its
     * other atomic columns. Delta's default keeps the minimum and maximum of the first 32 columns in
     * the table's log, where a subject key would outlive the erasure of its rows until the log
     * entries expire. Empty for a table without a personal column (Delta's default applies).
     */
    public Optional<String> statsColumns() {
        if (List.of(schema.fieldNames()).stream().noneMatch(PERSONAL::contains)) {
            return Optional.empty();
        }
        return Optional.of(String.join(
                ",",
                List.of(schema.fields()).stream()
                        .filter(field -> field.dataType() instanceof AtomicType && !PERSONAL.contains(field.name()))
                        .map(StructField::name)
                        .toList()));
    }

    /** An empty row of this table. */
    public RowBuilder row() {
        return RowBuilder.of(schema);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
