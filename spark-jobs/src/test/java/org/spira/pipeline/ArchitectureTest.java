package org.spira.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of spark-jobs: commands over stages over shared packages, and the seams of its error
 * handling (one exception hierarchy, stage results the summary is built from, exit codes decided
 * only by the command line).
 */
class ArchitectureTest {
    private static final String PIPELINE = "org.spira.pipeline";
    /** The stages' packages, and predict: spira-predict's job, a use of the model like score but with no Spark. */
    private static final List<String> STAGES = List.of(
            "ingest",
            "featurize",
            "split",
            "train",
            "evaluate",
            "validate",
            "forget",
            "maintain",
            "score",
            "lineage",
            "predict");

    private static final List<String> SHARED =
            List.of("lease", "events", "scoring", "stats", "registry", "tracking", "io", "tables", "config");
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PIPELINE);
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

    /**
     * The layers, top to bottom: commands (parse, run, print the summary), the writer leases the
     * commands take around a stage, the stages, and the shared packages below them. A layer uses only layers below it; the stages never use each
     * other, so each reads and writes the tables through the shared packages alone.
     */
    @Test
    void commandsUseStagesAndStagesUseOnlySharedPackagesBelowThem() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("commands")
                .definedBy(PIPELINE + ".cli..")
                .layer("leases")
                .definedBy(PIPELINE + ".lease..")
                .layer("stages")
                .definedBy(STAGES.stream()
                        .map(stage -> PIPELINE + "." + stage + "..")
                        .toArray(String[]::new))
                .layer("events")
                .definedBy(PIPELINE + ".events..")
                .layer("scoring")
                .definedBy(PIPELINE + ".scoring..")
                .layer("stats")
                .definedBy(PIPELINE + ".stats..")
                .layer("registry")
                .definedBy(PIPELINE + ".registry..")
                .layer("tracking")
                .definedBy(PIPELINE + ".tracking..")
                .layer("io")
                .definedBy(PIPELINE + ".io..")
                .layer("tables")
                .definedBy(PIPELINE + ".tables..")
                .layer("config")
                .definedBy(PIPELINE + ".config..")
                .layer("base")
                .definedBy(PIPELINE)
                .whereLayer("commands")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("leases")
                .mayOnlyBeAccessedByLayers("commands")
                .whereLayer("stages")
                .mayOnlyBeAccessedByLayers("commands")
                .whereLayer("events")
                .mayOnlyBeAccessedByLayers("commands")
                .whereLayer("scoring")
                .mayOnlyBeAccessedByLayers("commands", "stages")
                .whereLayer("stats")
                .mayOnlyBeAccessedByLayers("commands", "stages")
                .whereLayer("registry")
                .mayOnlyBeAccessedByLayers("commands", "stages")
                .whereLayer("tracking")
                .mayOnlyBeAccessedByLayers("commands", "stages", "registry")
                .whereLayer("io")
                .mayOnlyBeAccessedByLayers("commands", "stages", "registry", "tracking")
                .whereLayer("tables")
                .mayOnlyBeAccessedByLayers("commands", "stages", "stats", "registry", "io")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers("commands", "leases", "events", "stages", "registry", "tracking", "io")
                .check(production);
    }

    @Test
    void noStageUsesAnother() {
        slices().matching(PIPELINE + ".(" + String.join("|", STAGES) + ")..")
                .should()
                .notDependOnEachOther()
                .because("what two stages share lives in a shared package (scoring, tables, io, tracking, registry)")
                .check(production);
    }

    /**
     * spira-predict runs with {@code java -jar} and no Spark on its class path: its job and the
     * scoring core it shares with score's executors use no Spark, Hadoop or Scala class (the
     * packaged jar is run without them by the cluster integration test).
     */
    @Test
    void spiraPredictAndTheScoringCoreNeedNoSpark() {
        noClasses()
                .that()
                .resideInAnyPackage(PIPELINE + ".predict..", PIPELINE + ".scoring..")
                .or()
                .haveFullyQualifiedName(PIPELINE + ".cli.PredictCommand")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..", "io.delta..")
                .because("spira-predict.jar is run without Spark, for one person with a few files")
                .check(production);
    }

    @Test
    void everyClassBelongsToALayer() {
        List<String> packages = new ArrayList<>(List.of(PIPELINE, PIPELINE + ".cli.."));
        Stream.concat(STAGES.stream(), SHARED.stream()).forEach(name -> packages.add(PIPELINE + "." + name + ".."));
        classes()
                .should()
                .resideInAnyPackage(packages.toArray(String[]::new))
                .because("a new package must take its place in the layers above")
                .check(production);
    }
}
