package org.spira.features;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The identity of a recording: the SHA-256 (lower-case hex) of its file bytes. */
public final class RecordingId {
    private RecordingId() {}

    /** SHA-256 of {@code bytes}, 64 lower-case hex digits. */
    public static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
