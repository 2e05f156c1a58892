package org.spira.pipeline.cli;

import org.apache.spark.sql.SparkSession;

/** The Spark session of a stage: whatever spark-submit configured, plus Delta Lake. */
final class Sessions {
    private Sessions() {}

    static SparkSession delta(String appName) {
        return SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
    }
}
