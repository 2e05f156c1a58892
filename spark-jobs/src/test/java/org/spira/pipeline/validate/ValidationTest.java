package org.spira.pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.ValidateConfig;

class ValidationTest {
    private static final ValidateConfig LIMITS = PipelineConfig.defaults().validate();

    private static Validation validation(long newRecordings, List<Double> jsd, Validation.Quality quality) {
        Validation.Versions versions = new Validation.Versions("f", 3, 2, 1);
        return new Validation(
                "m",
                4,
                versions,
                new Validation.Versions("f", 5, 4, 1),
                100,
                newRecordings,
                jsd,
                Map.of("sample_rate", 0.0, "source", 0.5, "task", 0.01),
                quality,
                new Validation.Invariants(0, 0, Map.of("train.control", 80L)));
    }

    @Test
    void eachLimitExceededIsAFailureNamingItsKey() {
        List<String> failures = validation(
                        50, List.of(0.02, 0.3, 0.05), new Validation.Quality(8, Map.of("clipped", 2L)))
                .failures(LIMITS);
        assertEquals(3, failures.size(), failures.toString());
        assertTrue(failures.get(0)
                .startsWith("MFCC coefficient 1 drifted: Jensen-Shannon divergence 0.3000 >"
                        + " spira.validate.max-coefficient-jsd"));
        assertTrue(failures.get(1).startsWith("the source distribution drifted"));
        assertTrue(failures.get(2).startsWith("80.0% of the new recordings passed"), failures.get(2));
    }

    @Test
    void belowTheMinimumOfNewRecordingsDivergencesAreReportedButNotGated() {
        Validation few = validation(LIMITS.minNewRecordings() - 1, List.of(0.9), new Validation.Quality(0, Map.of()));
        assertEquals(List.of(), few.failures(LIMITS));
        assertEquals(Optional.empty(), few.quality().passRate(), "no ingest run since: no pass rate");
        assertTrue(few.markdown(LIMITS).contains("divergences reported, not gated"));
        assertEquals(0.9, few.metrics().get("jsd.coefficient.max"));
        assertTrue(few.json(LIMITS).contains("\"passed\" : true"));
    }
}
