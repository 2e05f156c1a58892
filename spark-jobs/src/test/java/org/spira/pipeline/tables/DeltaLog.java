package org.spira.pipeline.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A file:// Delta table's schema as its log records it, read from the JSON commits without Delta's
 * own reader: what a contract is checked against.
 */
public final class DeltaLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeltaLog() {}

    /** The schema of the table's last metaData action, from the JSON commits of its _delta_log. */
    public static StructType schema(String tableUri) throws IOException {
        Path log = Path.of(java.net.URI.create(tableUri)).resolve("_delta_log");
        List<Path> commits;
        try (Stream<Path> files = Files.list(log)) {
            commits = files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        String schema = null;
        for (Path commit : commits) {
            for (String line : Files.readAllLines(commit)) {
                JsonNode metaData = JSON.readTree(line).path("metaData");
                if (!metaData.isMissingNode()) {
                    schema = metaData.path("schemaString").asText();
                }
            }
        }
        return (StructType) DataType.fromJson(schema);
    }

    /** Each column's name and type (without nullability, which Delta does not keep). */
    public static List<String> columns(StructType schema) {
        return Stream.of(schema.fields())
                .map(f -> f.name() + " " + f.dataType().simpleString())
                .toList();
    }
}
