package org.spira.features.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.BeforeEach;

/**
 * One local[2] Spark session shared by every Spark test class of the JVM (spark-testing-base
 * keeps it in a static field). Its base classes use JUnit 4 annotations, which Jupiter ignores,
 * so the session is started here from {@code @BeforeEach}; it lives until the JVM exits.
 */
public abstract class SparkSessionTestBase extends JavaDataFrameSuiteBase {

    @Override
    public SparkConf conf() {
        return super.conf()
                .setMaster("local[2]")
                .set("spark.sql.shuffle.partitions", "4")
                .set("spark.ui.enabled", "false");
    }

    @Override
    public boolean enableHiveSupport() {
        return false;
    }

    @BeforeEach
    void startSpark() {
        runBefore();
    }
}
