package org.spira.features.dsp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The DSP core is pure computation: JDK basics and JTransforms, no I/O, Spark or decoders. */
class DspArchitectureTest {
    @Test
    void dspDependsOnlyOnTheJdkCoreAndJTransforms() {
        JavaClasses dsp = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.spira.features.dsp");

        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "org.spira.features.dsp",
                        "org.jtransforms.fft",
                        "java.lang..",
                        "java.util",
                        "java.math",
                        "java.nio",
                        "java.nio.charset",
                        "java.security")
                .check(dsp);
    }
}
