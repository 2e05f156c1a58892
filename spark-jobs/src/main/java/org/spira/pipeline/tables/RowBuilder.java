package org.spira.pipeline.tables;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import scala.collection.JavaConverters;

/**
 * A row of a schema, set column by column by name: a column the schema lacks, a value of another
 * type, or a NOT NULL column left unset fails at once, naming the column. Columns not set are
 * null. The row carries its schema, so it is read back by name ({@link RowFields}).
 */
public final class RowBuilder {
    private final StructType schema;
    private final Object[] values;
    private final boolean[] set;

    private RowBuilder(StructType schema) {
        this.schema = schema;
        this.values = new Object[schema.size()];
        this.set = new boolean[schema.size()];
    }

    /** An empty row of {@code schema}. */
    public static RowBuilder of(StructType schema) {
        return new RowBuilder(schema);
    }

    /**
     * Sets {@code column} to {@code value} (null, or the column type's Java value: String,
     * Integer, Long, Float, Double, Timestamp, byte[], a List for an array, a Map for a map).
     *
     * @throws IllegalArgumentException when the schema has no such column or the value has another type
     */
    public RowBuilder set(String column, Object value) {
        int index = index(column);
        StructField field = schema.fields()[index];
        if (value != null && !accepts(field.dataType(), value)) {
            throw new IllegalArgumentException(
                    "the column " + column + " holds " + field.dataType().simpleString() + ", not a "
                            + value.getClass().getSimpleName());
        }
        values[index] = scalaValue(value);
        set[index] = true;
        return this;
    }

    /**
     * @throws IllegalStateException naming a NOT NULL column that holds no value
     */
    public Row build() {
        for (int i = 0; i < values.length; i++) {
            StructField field = schema.fields()[i];
            if (values[i] == null && !field.nullable()) {
                throw new IllegalStateException("the column " + field.name() + " is NOT NULL but "
                        + (set[i] ? "was set to null" : "was not set"));
            }
        }
        return new GenericRowWithSchema(values.clone(), schema);
    }

    private int index(String column) {
        if (!List.of(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("no column " + column + " in " + List.of(schema.fieldNames()));
        }
        return schema.fieldIndex(column);
    }

    private static boolean accepts(DataType type, Object value) {
        if (type instanceof StringType) {
            return value instanceof String;
        } else if (type instanceof IntegerType) {
            return value instanceof Integer;
        } else if (type instanceof LongType) {
            return value instanceof Long;
        } else if (type instanceof FloatType) {
            return value instanceof Float;
        } else if (type instanceof DoubleType) {
            return value instanceof Double;
        } else if (type instanceof TimestampType) {
            return value instanceof Timestamp;
        } else if (type instanceof BinaryType) {
            return value instanceof byte[];
        } else if (type instanceof ArrayType) {
            return value instanceof List<?>;
        } else if (type instanceof MapType) {
            return value instanceof Map<?, ?>;
        }
        return false;
    }

    /** Rows of a Dataset hold Scala collections, nested ones too. */
    private static Object scalaValue(Object value) {
        if (value instanceof List<?> list) {
            return JavaConverters.asScalaBuffer(
                            list.stream().map(RowBuilder::scalaValue).toList())
                    .toList();
        } else if (value instanceof Map<?, ?> map) {
            return JavaConverters.mapAsScalaMap(map);
        }
        return value;
    }
}
