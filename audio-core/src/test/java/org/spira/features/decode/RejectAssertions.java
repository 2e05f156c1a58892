package org.spira.features.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/** Shared assertions on decoder outcomes. */
final class RejectAssertions {
    /** Generous bound that only catches hangs; decoding a test input takes milliseconds. */
    static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private RejectAssertions() {}

    /** Asserts that decoding is rejected with {@code reason} and a non-empty message. */
    static RecordingRejectedException assertRejected(RejectReason reason, AudioDecoder decoder, byte[] bytes) {
        RecordingRejectedException e = assertThrows(RecordingRejectedException.class, () -> decoder.decode(bytes));
        assertEquals(reason, e.reason(), () -> "message was: " + e.getMessage());
        assertFalse(e.getMessage().isBlank());
        return e;
    }

    static RecordingRejectedException assertRejected(RejectReason reason, byte[] bytes) {
        return assertRejected(reason, new AudioDecoder(), bytes);
    }

    /** Runs a decode under the hang guard, passing its exception through. */
    static DecodedAudio withinHangGuard(Decode decode) throws RecordingRejectedException {
        try {
            return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(HANG_GUARD, decode::run);
        } catch (Throwable e) {
            if (e instanceof RecordingRejectedException) {
                throw (RecordingRejectedException) e;
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
            throw new AssertionError(e);
        }
    }

    /** A decode call. */
    @FunctionalInterface
    interface Decode {
        DecodedAudio run() throws RecordingRejectedException;
    }

    /** Decodes or returns null on a typed reject; any other exception or a hang fails the test. */
    static DecodedAudio decodeOrReject(AudioDecoder decoder, byte[] bytes) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> {
            try {
                return decoder.decode(bytes);
            } catch (RecordingRejectedException e) {
                assertFalse(e.getMessage().isBlank());
                return null;
            }
        });
    }
}
