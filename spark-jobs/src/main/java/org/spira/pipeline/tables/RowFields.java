package org.spira.pipeline.tables;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Typed reads of a row's columns by name, never by position: a column the row lacks fails naming
 * it and the row's columns; a null in a column read as a primitive fails naming the column.
 */
public final class RowFields {
    private RowFields() {}

    /** The text of {@code column}, or null. */
    public static String string(Row row, String column) {
        return row.getString(index(row, column));
    }

    public static int integer(Row row, String column) {
        return row.getInt(notNull(row, column));
    }

    public static long longValue(Row row, String column) {
        return row.getLong(notNull(row, column));
    }

    public static double doubleValue(Row row, String column) {
        return row.getDouble(notNull(row, column));
    }

    /** The instant of {@code column}, or null. */
    public static Timestamp timestamp(Row row, String column) {
        return row.getTimestamp(index(row, column));
    }

    /** The elements of an array column; empty when null. */
    public static <T> List<T> list(Row row, String column) {
        int index = index(row, column);
        return row.isNullAt(index) ? List.of() : row.getList(index);
    }

    /** The entries of a map column; empty when null. */
    public static <K, V> Map<K, V> map(Row row, String column) {
        int index = index(row, column);
        return row.isNullAt(index) ? Map.of() : row.getJavaMap(index);
    }

    private static int notNull(Row row, String column) {
        int index = index(row, column);
        if (row.isNullAt(index)) {
            throw new IllegalStateException("the column " + column + " is null in a row where it must hold a value");
        }
        return index;
    }

    private static int index(Row row, String column) {
        if (row.schema() == null || !List.of(row.schema().fieldNames()).contains(column)) {
            throw new IllegalArgumentException("no column " + column + " in a row of "
                    + (row.schema() == null ? "no schema" : List.of(row.schema().fieldNames())));
        }
        return row.fieldIndex(column);
    }
}
