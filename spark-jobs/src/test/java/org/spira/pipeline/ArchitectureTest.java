package org.spira.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seams of spark-jobs' error handling: one exception hierarchy, stage results the summary is
 * built from, and exit codes decided only by the command line.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.spira.pipeline");
    }

    @Test
    void onlyTheCommandLineExitsOrMapsFailuresToExitCodes() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.spira.pipeline.cli..")
                .should()
                .callMethod(System.class, "exit", int.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .because("stages raise PipelineExceptions; cli.ExitStatus maps them to exit codes in one place")
                .check(production);
    }

    @Test
    void everyExceptionOfTheStagesIsAPipelineException() {
        classes()
                .that()
                .resideInAPackage("org.spira.pipeline..")
                .and()
                .areAssignableTo(Throwable.class)
                .should()
                .beAssignableTo(PipelineException.class)
                .because("the exit code comes from the exception's kind")
                .check(production);
    }

    @Test
    void everyStageResultIsTheSourceOfItsSummary() {
        classes()
                .that()
                .resideInAPackage("org.spira.pipeline..")
                .and()
                .haveSimpleNameEndingWith("Result")
                .and()
                .areNotInterfaces()
                .should()
                .implement(StageResult.class)
                .check(production);
    }

    @Test
    void theSharedErrorTypesDependOnNoStage() {
        noClasses()
                .that()
                .resideInAPackage("org.spira.pipeline")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.spira.pipeline.cli..",
                        "org.spira.pipeline.ingest..",
                        "org.spira.pipeline.featurize..",
                        "org.spira.pipeline.split..",
                        "org.spira.pipeline.train..",
                        "org.spira.pipeline.evaluate..",
                        "org.spira.pipeline.lineage..")
                .check(production);
    }
}
