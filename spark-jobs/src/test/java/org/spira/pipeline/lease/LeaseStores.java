package org.spira.pipeline.lease;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.spira.pipeline.io.SparkDefaults;

/**
 * The two kinds of warehouse leases are kept on, for the lease tests: a local folder, and a fresh
 * prefix of the {@code spira-warehouse} bucket on the MinIO that {@code bin/services} runs, reached
 * with the S3A settings of {@code conf/spark-defaults.conf}, the file every stage is submitted
 * with (so the endpoint, path style and credentials come from the environment of {@code eval
 * "$(bin/services env)"}). Tests on MinIO are skipped when it is not configured.
 */
final class LeaseStores {
    private static final Path SPARK_DEFAULTS = Path.of("..", "conf", "spark-defaults.conf");

    private LeaseStores() {}

    /** The kinds, as the parameterized tests name them. */
    static List<String> kinds() {
        return List.of("file", "minio");
    }

    /** A new, empty warehouse of {@code kind}, under {@code dir} for a local one. */
    static String warehouse(String kind, Path dir) throws IOException {
        if (kind.equals("file")) {
            return Files.createDirectories(dir.resolve("warehouse")).toUri().toString();
        }
        assumeTrue(
                !System.getenv().getOrDefault("SPIRA_S3_ENDPOINT", "").isBlank()
                        && !System.getenv()
                                .getOrDefault("AWS_ACCESS_KEY_ID", "")
                                .isBlank(),
                "needs MinIO: bin/services start minio; eval \"$(bin/services env)\"");
        return "s3a://spira-warehouse/lease-test-" + UUID.randomUUID() + "/warehouse";
    }

    /** The Hadoop settings spark-submit gives the stages: the spark.hadoop.* keys of conf/spark-defaults.conf. */
    static Configuration hadoop() throws IOException {
        return SparkDefaults.hadoop(SparkDefaults.read(SPARK_DEFAULTS));
    }
}
