package org.spira.evaluation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Evaluation is pure JDK plus Java2D, ImageIO and Jackson's JSON tree (the report's JSON): no
 * ND4J, Deeplearning4j, Spark or I/O.
 */
class EvalArchitectureTest {

    @Test
    void evaluationDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage("org.spira.evaluation..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "org.spira.evaluation..",
                        "java.lang..",
                        "java.util..",
                        "java.io..",
                        "java.awt..",
                        "javax.imageio..",
                        "com.fasterxml.jackson.databind..")
                .because("the evaluate stage feeds predictions in and logs the outputs; the metrics need no engine")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.spira.evaluation"));
    }
}
