package org.spira.pipeline.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spira.pipeline.tracking.RedactionPolicy.Kind;

class RedactionPolicyTest {
    private static final String MINIO_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String SUBJECT_KEY = "sixteen-byte-key!";
    private static final RedactionPolicy POLICY = RedactionPolicy.fromEnvironment(Map.of(
            "AWS_SECRET_ACCESS_KEY",
            MINIO_SECRET,
            "SPIRA_SUBJECT_KEY",
            SUBJECT_KEY,
            "MLFLOW_TRACKING_TOKEN",
            "short",
            "HOME",
            "/home/engineer-with-a-long-name"));

    @Test
    void keysNamingSecretsAreRedacted() {
        for (String key : List.of(
                "password",
                "db.Password",
                "s3.secret.key",
                "fs.s3a.secret.key",
                "AWS_SECRET_ACCESS_KEY",
                "aws.accessKeyId",
                "hf_token",
                "credentials.file",
                "api-key",
                "private_key",
                "http.authorization")) {
            assertEquals(RedactionPolicy.REDACTED, POLICY.value(Kind.PARAM, key, "anything"), key);
        }
    }

    @Test
    void keysNamingOnePersonAreRedacted() {
        for (String key :
                List.of("subject_id", "subjectId", "subject-key", "patient.id", "ParticipantID", "speaker_id")) {
            assertEquals(RedactionPolicy.REDACTED, POLICY.value(Kind.RUN_TAG, key, "P-0042"), key);
        }
    }

    @Test
    void ordinaryKeysPassUnchangedEvenWhenTheyMentionAClass() {
        Map<String, String> ordinary = Map.of(
                "spira.ingest.labels.patient", "[patient, 1]",
                "spira.featurize.patient-variants", "3",
                "learning_rate", "0.001",
                "subjects_train", "52",
                "home", "/home/engineer-with-a-long-name");
        ordinary.forEach((key, value) -> assertEquals(value, POLICY.value(Kind.PARAM, key, value), key));
    }

    @Test
    void valuesHoldingASecretFromTheEnvironmentAreRedactedWhateverTheKey() {
        assertEquals(RedactionPolicy.REDACTED, POLICY.value(Kind.PARAM, "note", "endpoint key=" + MINIO_SECRET));
        assertEquals(RedactionPolicy.REDACTED, POLICY.value(Kind.PARAM, "hmac", SUBJECT_KEY));
        // secrets shorter than 8 characters are not matched (they would redact ordinary words)
        assertEquals("short answer", POLICY.value(Kind.PARAM, "note", "short answer"));
    }

    @Test
    void credentialsInUrisAreRedacted() {
        assertEquals(
                "s3a://[redacted]@bucket/warehouse and http://[redacted]@host:5000/",
                POLICY.value(Kind.RUN_TAG, "where", "s3a://user:pw@bucket/warehouse and http://token@host:5000/"));
        assertEquals("file:///data/a@b.wav", POLICY.value(Kind.RUN_TAG, "where", "file:///data/a@b.wav"));
    }

    @Test
    void longValuesAreCutToTheLimitWithTheirOriginalLength() {
        for (Kind kind : Kind.values()) {
            String atLimit = "x".repeat(kind.limit);
            assertEquals(atLimit, POLICY.value(kind, "k", atLimit));
            String over = "y".repeat(kind.limit + 1);
            String marker = "...[truncated from " + (kind.limit + 1) + " chars]";
            String cut = POLICY.value(kind, "k", over);
            assertEquals(kind.limit, cut.length(), kind.name());
            assertEquals("y".repeat(kind.limit - marker.length()) + marker, cut);
        }
        assertEquals(6000, Kind.PARAM.limit);
        assertEquals(8000, Kind.RUN_TAG.limit);
        assertEquals(5000, Kind.MODEL_VERSION_TAG.limit);
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String marker = "...[truncated from 6002 chars]";
        // a surrogate pair (U+1D11E) straddles the cut point
        String value = "a".repeat(6000 - marker.length() - 1) + "\uD834\uDD1E" + "b".repeat(marker.length() + 1);
        String cut = POLICY.value(Kind.PARAM, "k", value);
        assertEquals("a".repeat(6000 - marker.length() - 1) + marker, cut);
        assertTrue(cut.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    @Test
    void keysMlflowWouldRefuseAreProgrammingErrors() {
        for (String key : List.of("", "a".repeat(251), "loss@epoch", "tab\tkey")) {
            assertThrows(IllegalArgumentException.class, () -> POLICY.value(Kind.PARAM, key, "v"), key);
        }
        assertEquals("v", POLICY.value(Kind.PARAM, "a".repeat(250), "v"));
        assertEquals("v", POLICY.value(Kind.PARAM, "metrics/val auc-2.x_y", "v"));
    }
}
