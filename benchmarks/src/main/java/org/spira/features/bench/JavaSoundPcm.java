package org.spira.features.bench;

import be.tarsos.dsp.io.TarsosDSPAudioFloatConverter;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.io.jvm.JVMAudioInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The TarsosDSP row's decoder: javax.sound.sampled parses the WAV container and TarsosDSP's
 * float converter turns its PCM into floats in [-1, 1], as TarsosDSP's own JVM audio input
 * does. Channels are averaged. There is no resampler in this path: the corpus is 16 kHz.
 */
final class JavaSoundPcm {
    private JavaSoundPcm() {}

    /** Mono samples of {@code file} at {@code expectedRate} Hz. */
    static float[] decodeMono(CorpusFile file, int expectedRate) throws IOException {
        try (AudioInputStream stream = AudioSystem.getAudioInputStream(new ByteArrayInputStream(file.wav()))) {
            TarsosDSPAudioFormat format = JVMAudioInputStream.toTarsosDSPFormat(stream.getFormat());
            if (format.getSampleRate() != expectedRate) {
                throw new IllegalArgumentException(file.path() + " is sampled at " + format.getSampleRate()
                        + " Hz; the TarsosDSP row has no resampler and needs " + expectedRate + " Hz input");
            }
            byte[] pcm = stream.readAllBytes();
            float[] interleaved = new float[pcm.length / format.getFrameSize() * format.getChannels()];
            TarsosDSPAudioFloatConverter.getConverter(format).toFloatArray(pcm, interleaved);
            return downMix(interleaved, format.getChannels());
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalArgumentException(file.path() + " is not a WAV file javax.sound can read", e);
        }
    }

    private static float[] downMix(float[] interleaved, int channels) {
        if (channels == 1) {
            return interleaved;
        }
        float[] mono = new float[interleaved.length / channels];
        for (int i = 0; i < mono.length; i++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i * channels + c];
            }
            mono[i] = sum / channels;
        }
        return mono;
    }
}
