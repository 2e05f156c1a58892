package org.spira.pipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.spira.pipeline.ServiceDown;
import org.spira.pipeline.config.LeaseConfig;
import org.spira.pipeline.config.ObjectStoreCheck;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.io.SparkDefaults;
import org.spira.pipeline.lease.TableLeases;
import picocli.CommandLine.Option;
import scala.Tuple2;

/** Options every stage takes: where the tables are, and the configuration. */
final class StageOptions {
    @Option(
            names = "--warehouse",
            required = true,
            paramLabel = "URI",
            description = "Root of the Delta tables: file:///path or s3a://bucket/path.")
    String warehouse;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "HOCON file overriding the defaults (conf/application.conf lists them).")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Overrides one key, e.g. --set spira.ingest.max-rejected-fraction=0.1 (repeatable).")
    List<String> overrides = new ArrayList<>();

    PipelineConfig load() {
        return PipelineConfig.load(Optional.ofNullable(config), overrides);
    }

    /** The whole configuration as HOCON, as {@link #load()} resolves it. */
    String render() {
        return PipelineConfig.render(Optional.ofNullable(config), overrides);
    }

    /**
     * Fails fast, before a Spark session starts, when the warehouse or one of {@code locations}
     * is an s3a:// URI that the Spark configuration and the environment cannot reach, or whose
     * object store does not answer.
     */
    void requireReachable(List<String> locations) {
        objectStore().requireAnswering(withWarehouse(locations));
    }

    /** The object store holding the warehouse or one of {@code locations}, when it does not answer now. */
    Optional<ServiceDown> objectStoreDown(List<String> locations) {
        return objectStore().down(withWarehouse(locations));
    }

    private static ObjectStoreCheck objectStore() {
        return new ObjectStoreCheck(sparkProperties(), System.getenv());
    }

    private List<String> withWarehouse(List<String> locations) {
        return Stream.concat(Stream.of(warehouse), locations.stream()).toList();
    }

    /** The writer leases of the warehouse, on its own store (S3A's settings for s3a://). */
    TableLeases leases(LeaseConfig config) {
        return TableLeases.of(warehouse, hadoop(), config);
    }

    /** The Spark properties spark-submit set for the driver (its --conf and properties file). */
    static Map<String, String> sparkProperties() {
        return Arrays.stream(new SparkConf().getAll()).collect(Collectors.toMap(Tuple2::_1, Tuple2::_2));
    }

    /**
     * The Hadoop configuration a Spark session would give its file systems, before one starts:
     * Hadoop's defaults plus every {@code spark.hadoop.*} setting without its prefix.
     */
    static Configuration hadoop() {
        return SparkDefaults.hadoop(sparkProperties());
    }
}
