package org.spira.pipeline.cli;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Spark session of a stage: whatever spark-submit configured, plus Delta Lake and the stage's own properties. */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private Sessions() {}

    /**
     * The session, with {@code properties} besides (the OpenLineage listener's); logs its
     * application id, which names the run in the Spark UI and the workers' logs.
     */
    static SparkSession delta(String appName, Map<String, String> properties) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        properties.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        LOG.info("{}: Spark application {}", appName, spark.sparkContext().applicationId());
        return spark;
    }
}
