package org.spira.pipeline.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces subject ids, which are personal health data, by a keyed HMAC-SHA256 (hex): the
 * same subject always gets the same {@code subject_key}, and without the key nobody can tell
 * which subject it is, nor test a guess. The key never appears in a table, a log or a message.
 */
public final class SubjectPseudonymizer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Environment variable holding the key (its text, UTF-8); preferred over a key file. */
    public static final String KEY_VARIABLE = "SPIRA_SUBJECT_KEY";

    static final int MIN_KEY_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;
    private transient Mac mac;

    SubjectPseudonymizer(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new ConfigException("the subject key is " + key.length + " bytes long; use at least " + MIN_KEY_BYTES
                    + " random bytes (for example: openssl rand -hex 32)");
        }
        this.key = key.clone();
    }

    /**
     * The key from {@value #KEY_VARIABLE}, else from {@code keyFile}.
     *
     * @throws ConfigException when there is no key: ingest refuses to store subject ids in the clear
     */
    public static SubjectPseudonymizer fromEnvironment(Map<String, String> environment, Optional<Path> keyFile) {
        String variable = environment.get(KEY_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new SubjectPseudonymizer(variable.strip().getBytes(StandardCharsets.UTF_8));
        }
        if (keyFile.isPresent()) {
            return new SubjectPseudonymizer(readKeyFile(keyFile.get()));
        }
        throw new ConfigException("no subject key: set " + KEY_VARIABLE + " or spira.ingest.subject-key-file to a"
                + " secret of at least " + MIN_KEY_BYTES + " bytes; subject ids are never stored in the clear");
    }

    /** HMAC-SHA256 of the trimmed subject id, 64 lower-case hex digits. */
    public String pseudonym(String subjectId) {
        try {
            if (mac == null) {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(key, ALGORITHM));
            }
            return HexFormat.of().formatHex(mac.doFinal(subjectId.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "SubjectPseudonymizer[HMAC-SHA256, key hidden]";
    }

    private static byte[] readKeyFile(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .strip()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read spira.ingest.subject-key-file " + file + ": " + e.getMessage(), e);
        }
    }
}
