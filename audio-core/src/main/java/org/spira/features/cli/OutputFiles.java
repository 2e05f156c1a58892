package org.spira.features.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.stream.Collectors;
import org.spira.features.FeaturizedVariant;
import org.spira.features.PreparedRecording;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.NoiseDraw;
import org.spira.features.npy.Npy;

/** The command's outputs for one input: {@code <name>.npy} and its {@code <name>.json} lineage. */
final class OutputFiles {
    private OutputFiles() {}

    /** The input's file name without its extension. */
    static String stem(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Writes both files atomically (temporary file, then rename), so readers never see half a file. */
    static void write(
            Path npy,
            Path input,
            String recordingId,
            FeatureSpec spec,
            PreparedRecording recording,
            FeaturizedVariant features,
            VariantRequest request)
            throws IOException {
        Files.createDirectories(npy.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(npy.toAbsolutePath().getParent(), ".spira-", ".npy.tmp");
        Npy.writeFloat32(tmp, shape(spec, features), flatten(features.windows(), spec.valuesPerWindow()));
        Files.move(tmp, npy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path json = npy.resolveSibling(stem(npy) + ".json");
        String lineage = lineage(input, recordingId, spec, recording, features, request);
        Path tmpJson = Files.createTempFile(json.toAbsolutePath().getParent(), ".spira-", ".json.tmp");
        Files.writeString(tmpJson, lineage, StandardCharsets.UTF_8);
        Files.move(tmpJson, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int[] shape(FeatureSpec spec, FeaturizedVariant features) {
        return new int[] {features.windows().length, spec.framesPerWindow(), spec.nMfcc()};
    }

    private static float[] flatten(float[][] windows, int valuesPerWindow) {
        float[] flat = new float[windows.length * valuesPerWindow];
        for (int w = 0; w < windows.length; w++) {
            System.arraycopy(windows[w], 0, flat, w * valuesPerWindow, valuesPerWindow);
        }
        return flat;
    }

    private static String lineage(
            Path input,
            String recordingId,
            FeatureSpec spec,
            PreparedRecording recording,
            FeaturizedVariant features,
            VariantRequest request) {
        String noise = features.noise().stream().map(OutputFiles::draw).collect(Collectors.joining(","));
        return String.format(
                Locale.ROOT,
                "{\"source\":%s,\"recording_id\":\"%s\",\"feature_version\":\"%s\",\"feature_spec\":%s,"
                        + "\"format\":\"%s\",\"source_sample_rate\":%d,\"source_channels\":%d,\"duration_s\":%.6f,"
                        + "\"shape\":[%d,%d,%d],\"variant\":%d,\"seed\":%s,\"noise_corpus\":%s,\"noise\":[%s]}%n",
                quote(input.getFileName().toString()),
                recordingId,
                spec.hash(),
                spec.toJson(),
                recording.format(),
                recording.sourceSampleRate(),
                recording.sourceChannels(),
                recording.durationSeconds(),
                features.windows().length,
                spec.framesPerWindow(),
                spec.nMfcc(),
                features.variant(),
                request.noise().isPresent() ? Long.toString(request.seed()) : "null",
                request.noise().map(c -> quote(c.contentHash())).orElse("null"),
                noise);
    }

    private static String draw(NoiseDraw draw) {
        return String.format(
                Locale.ROOT,
                "{\"id\":%s,\"offset\":%d,\"amplitude\":%s}",
                quote(draw.noiseId()),
                draw.offset(),
                Double.toString(draw.amplitude()));
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
