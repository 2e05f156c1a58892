package org.spira.pipeline.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.config.ConfigException;

/** A model's stored feature spec is read through FeatureSpec.fromJson and checked against its lineage. */
class TrainedModelTest {
    private static final FeatureSpec SPIRA = FeatureSpec.spira();
    private static final String ORIGIN = "feature_spec.json of version 3";

    @Test
    void theStoredSpecOfTheLineagesFeatureVersionIsRead() {
        assertEquals(SPIRA, TrainedModel.spec(SPIRA.toJson(), SPIRA.hash(), ORIGIN));
    }

    @Test
    void aSpecOfAnotherFeatureVersionIsRefusedNamingBoth() {
        FeatureSpec other = SPIRA.withWindow(48_000, 16_000);
        ConfigException e =
                assertThrows(ConfigException.class, () -> TrainedModel.spec(other.toJson(), SPIRA.hash(), ORIGIN));
        assertTrue(e.getMessage().startsWith(ORIGIN + " has feature version " + other.hash()), e.getMessage());
        assertTrue(e.getMessage().contains("names " + SPIRA.hash()), e.getMessage());
    }

    @Test
    void whatIsNoSpecIsRefusedSayingWhy() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> TrainedModel.spec(SPIRA.toJson().replace("\"nMels\":40,", ""), SPIRA.hash(), ORIGIN));
        assertTrue(e.getMessage().startsWith(ORIGIN + " is not a feature spec"), e.getMessage());
        assertTrue(e.getMessage().contains("FeatureSpec.nMels is missing"), e.getMessage());
    }
}
