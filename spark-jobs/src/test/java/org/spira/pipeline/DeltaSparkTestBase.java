package org.spira.pipeline;

import org.apache.spark.SparkConf;
import org.spira.features.testing.SparkSessionTestBase;

/** The shared local[2] test session, with Delta Lake enabled as the stages enable it. */
public abstract class DeltaSparkTestBase extends SparkSessionTestBase {
    @Override
    public SparkConf conf() {
        return super.conf()
                .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                // Test tables are tiny: a few tasks per Delta log replay, not 50.
                .set("spark.databricks.delta.snapshotPartitions", "2")
                .set("spark.sql.shuffle.partitions", "2");
    }
}
