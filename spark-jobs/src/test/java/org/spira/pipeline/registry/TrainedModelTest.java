package org.spira.pipeline.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.spira.features.dsp.FeatureSpec;

/** A model's stored feature spec is read through FeatureSpec.fromJson and checked against its lineage. */
class TrainedModelTest {
    private static final FeatureSpec SPIRA = FeatureSpec.spira();
    private static final String ORIGIN = "feature_spec.json of version 3";

    @Test
    void theStoredSpecOfTheLineagesFeatureVersionIsRead() {
        Recorded<FeatureSpec> read = TrainedModel.spec(SPIRA.toJson(), SPIRA.hash(), ORIGIN);
        assertEquals(Optional.empty(), read.problem());
        assertEquals(SPIRA, read.orElseThrow());
    }

    @Test
    void aSpecOfAnotherFeatureVersionIsAProblemNamingBoth() {
        FeatureSpec other = SPIRA.withWindow(48_000, 16_000);
        String problem = TrainedModel.spec(other.toJson(), SPIRA.hash(), ORIGIN)
                .problem()
                .orElseThrow();
        assertTrue(problem.startsWith(ORIGIN + " has feature version " + other.hash()), problem);
        assertTrue(problem.contains("names " + SPIRA.hash()), problem);
    }

    @Test
    void whatIsNoSpecIsAProblemSayingWhy() {
        String problem = TrainedModel.spec(SPIRA.toJson().replace("\"nMels\":40,", ""), SPIRA.hash(), ORIGIN)
                .problem()
                .orElseThrow();
        assertTrue(problem.startsWith(ORIGIN + " is not a feature spec"), problem);
        assertTrue(problem.contains("FeatureSpec.nMels is missing"), problem);
    }
}
