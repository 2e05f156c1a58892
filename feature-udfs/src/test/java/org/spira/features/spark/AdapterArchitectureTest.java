package org.spira.features.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * feature-udfs holds only the Spark adapters: every class of the module is in {@code
 * org.spira.features.spark}. With audio-core's {@code ArchitectureTest} (no class there uses
 * Spark, Hadoop or Scala) this keeps Spark in the adapter package and nowhere else.
 */
class AdapterArchitectureTest {

    @Test
    void everyClassOfTheModuleIsASparkAdapter() {
        classes()
                .should()
                .resideInAPackage("org.spira.features.spark..")
                .because("decoding, DSP and the file command live in audio-core, which has no Spark")
                .check(new ClassFileImporter()
                        .importUrl(FeaturizePartition.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()));
    }
}
