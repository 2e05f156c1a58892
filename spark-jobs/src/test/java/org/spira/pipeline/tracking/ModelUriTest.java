package org.spira.pipeline.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spira.pipeline.config.ConfigException;

/** MLflow's two model URI forms, and what is not one. */
class ModelUriTest {

    @Test
    void aVersionOrAnAliasOfARegisteredModel() {
        assertEquals(
                new ModelUri("spira-conv-v2", ModelSelector.version(3)), ModelUri.parse("models:/spira-conv-v2/3"));
        assertEquals(
                new ModelUri("spira conv.v2", ModelSelector.alias("champion")),
                ModelUri.parse("models:/spira conv.v2@champion"));
        assertTrue(ModelUri.looksLikeOne("models:/x/1"));
        assertFalse(ModelUri.looksLikeOne("target/model"));
    }

    @Test
    void anythingElseIsAUsageErrorShowingBothForms() {
        for (String bad : new String[] {
            "models:/spira-conv-v2", "models:/spira-conv-v2/latest", "models:/a/b/1", "models:/m@1x", "models:m/1"
        }) {
            ConfigException e = assertThrows(ConfigException.class, () -> ModelUri.parse(bad), bad);
            assertTrue(e.getMessage().contains("models:/NAME/VERSION"), e.getMessage());
        }
        ConfigException zero = assertThrows(ConfigException.class, () -> ModelUri.parse("models:/m/0"));
        assertTrue(zero.getMessage().contains("versions start at 1"), zero.getMessage());
    }
}
