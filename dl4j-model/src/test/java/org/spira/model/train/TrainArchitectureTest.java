package org.spira.model.train;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The training core runs in any JVM: no Spark, Hadoop or network code. */
class TrainArchitectureTest {
    @Test
    void theTrainingCoreImportsNoSparkHadoopOrNetworkCode() {
        noClasses()
                .that()
                .resideInAPackage("org.spira.model.train..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "java.net..", "scala..")
                .because("Spark-backed window sources and S3A checkpoint stores live in spark-jobs")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.spira.model.train"));
    }
}
