package org.spira.pipeline.cli;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Spark session of a stage: whatever spark-submit configured, plus Delta Lake. */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private Sessions() {}

    /** The session; logs its application id, which names the run in the Spark UI and the workers' logs. */
    static SparkSession delta(String appName) {
        SparkSession spark = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
        LOG.info("{}: Spark application {}", appName, spark.sparkContext().applicationId());
        return spark;
    }
}
