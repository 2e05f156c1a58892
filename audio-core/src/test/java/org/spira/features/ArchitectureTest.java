package org.spira.features;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seams of audio-core: no Spark anywhere (its adapters are feature-udfs), a pure DSP core,
 * decoding that knows nothing of the stages after it.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.spira.features");
    }

    @Test
    void dspIsPureJdkPlusJTransforms() {
        classes()
                .that()
                .resideInAPackage("org.spira.features.dsp..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "org.spira.features.dsp..",
                        "java.lang..",
                        "java.util..",
                        "java.math..",
                        "java.nio",
                        "java.nio.charset..",
                        "java.security..",
                        "java.io..",
                        "org.jtransforms..",
                        "pl.edu.icm.jlargearrays..")
                .because("the DSP core takes arrays and returns arrays: no I/O, Spark, Hadoop or decoding")
                .check(production);
    }

    @Test
    void dspDoesNoFileOrNetworkIo() {
        noClasses()
                .that()
                .resideInAPackage("org.spira.features.dsp..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.nio.file..", "java.net..")
                .orShould()
                .dependOnClassesThat()
                .haveNameMatching("java\\.io\\.(File|.*Stream|.*Reader|.*Writer)")
                .check(production);
    }

    @Test
    void nothingUsesSparkHadoopOrScala() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
                .because("the file command and any JVM service use these features without Spark;"
                        + " the Spark adapters are feature-udfs")
                .check(production);
    }

    @Test
    void decodingDoesNotDependOnLaterStages() {
        noClasses()
                .that()
                .resideInAPackage("org.spira.features.decode..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.spira.features.dsp..", "org.spira.features.cli..")
                .check(production);
    }
}
