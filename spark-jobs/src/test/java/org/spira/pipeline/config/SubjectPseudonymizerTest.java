package org.spira.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectPseudonymizerTest {
    private static final String KEY = "a-test-key-of-32-characters-long";

    @Test
    void isTheHmacSha256OfTheTrimmedId() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("coswara_abc".getBytes(StandardCharsets.UTF_8)));
        SubjectPseudonymizer pseudonymizer =
                SubjectPseudonymizer.fromEnvironment(Map.of(SubjectPseudonymizer.KEY_VARIABLE, KEY), Optional.empty());
        assertEquals(expected, pseudonymizer.pseudonym(" coswara_abc "));
    }

    @Test
    void dependsOnTheKey() {
        String a = new SubjectPseudonymizer(KEY.getBytes(StandardCharsets.UTF_8)).pseudonym("s1");
        String b = new SubjectPseudonymizer((KEY + "!").getBytes(StandardCharsets.UTF_8)).pseudonym("s1");
        assertNotEquals(a, b);
    }

    @Test
    void readsTheKeyFileWhenTheVariableIsUnset(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), KEY + "\n");
        SubjectPseudonymizer fromFile = SubjectPseudonymizer.fromEnvironment(Map.of(), Optional.of(file));
        assertEquals(
                new SubjectPseudonymizer(KEY.getBytes(StandardCharsets.UTF_8)).pseudonym("s"), fromFile.pseudonym("s"));
    }

    @Test
    void refusesToRunWithoutAKeyOrWithAShortOne() {
        ConfigException none = assertThrows(
                ConfigException.class, () -> SubjectPseudonymizer.fromEnvironment(Map.of(), Optional.empty()));
        assertTrue(none.getMessage().contains(SubjectPseudonymizer.KEY_VARIABLE), none.getMessage());
        ConfigException shortKey = assertThrows(
                ConfigException.class,
                () -> SubjectPseudonymizer.fromEnvironment(
                        Map.of(SubjectPseudonymizer.KEY_VARIABLE, "short"), Optional.empty()));
        assertFalse(shortKey.getMessage().contains("short"), "the message must not echo the key");
    }

    @Test
    void neverPrintsItsKey() {
        assertFalse(new SubjectPseudonymizer(KEY.getBytes(StandardCharsets.UTF_8))
                .toString()
                .contains(KEY));
    }
}
