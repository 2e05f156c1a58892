package org.spira.features.dsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Test fixtures for the DSP tests: golden files, 16-bit WAV reading, analytic signals. */
final class DspFixtures {
    private DspFixtures() {}

    /** A golden file of src/test/resources/.../dsp/golden (raw little-endian float32). */
    static float[] golden(String name) {
        String resource = "golden/" + name;
        try (InputStream in = DspFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource
                        + ": run src/test/python/make_dsp_goldens.py with /usr/bin/python3");
            }
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mono 16-bit PCM WAV as floats in [-1, 1) (sample / 32768). */
    static float[] readPcm16Mono(Path wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = in.getFormat();
            if (format.getChannels() != 1 || format.getSampleSizeInBits() != 16) {
                throw new IllegalArgumentException(wav + " is not mono 16-bit PCM: " + format);
            }
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes())
                    .order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] samples = new float[bytes.remaining() / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = bytes.getShort() / 32768f;
            }
            return samples;
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new IllegalStateException("cannot read " + wav, e);
        }
    }

    /** amplitude * sin(2 pi f n / rate + phase), n = 0 .. length - 1. */
    static float[] sine(double hz, int rate, int length, double amplitude, double phase) {
        float[] x = new float[length];
        for (int n = 0; n < length; n++) {
            x[n] = (float) (amplitude * Math.sin(2 * Math.PI * hz * n / rate + phase));
        }
        return x;
    }
}
