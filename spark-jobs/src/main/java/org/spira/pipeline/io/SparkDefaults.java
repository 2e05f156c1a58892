package org.spira.pipeline.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Spark properties as {@code spark-submit --properties-file} reads them, and the Hadoop
 * configuration every Spark process derives from them for its file systems.
 */
public final class SparkDefaults {
    private static final String SPARK_HADOOP = "spark.hadoop.";

    private SparkDefaults() {}

    /** The properties of a spark-defaults.conf file, each value stripped as spark-submit strips it. */
    public static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(key -> values.put(key, properties.getProperty(key).strip()));
        return values;
    }

    /** Hadoop's defaults plus every {@code spark.hadoop.*} property without its prefix. */
    public static Configuration hadoop(Map<String, String> sparkProperties) {
        Configuration hadoop = new Configuration();
        sparkProperties.forEach((key, value) -> {
            if (key.startsWith(SPARK_HADOOP)) {
                hadoop.set(key.substring(SPARK_HADOOP.length()), value);
            }
        });
        return hadoop;
    }
}
