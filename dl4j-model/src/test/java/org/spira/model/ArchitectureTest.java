package org.spira.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model module is pure Deeplearning4j: no Spark, Hadoop, network or feature-extraction code. */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.spira.model");
    }

    @Test
    void modelCodeImportsNoSparkHadoopOrNetwork() {
        noClasses()
                .that()
                .resideInAPackage("org.spira.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.spark..", "org.apache.hadoop..", "scala..", "java.net..", "org.mlflow..")
                .because("the model is a pure function of its spec; jobs and tracking adapters live in spark-jobs")
                .check(production);
    }

    @Test
    void theNetworkDefinitionDoesNotDependOnModelFiles() {
        noClasses()
                .that()
                .resideInAPackage("org.spira.model")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.spira.model.io..", "java.nio.file..")
                .check(production);
    }
}
