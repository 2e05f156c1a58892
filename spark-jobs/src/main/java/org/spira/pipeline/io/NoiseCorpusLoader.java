package org.spira.pipeline.io;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spira.features.NoiseCorpus;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.config.ConfigException;

/** Loads the noise corpus folder (file:// or s3a://) on the driver: every .wav, .flac, .ogg. */
public final class NoiseCorpusLoader {
    private NoiseCorpusLoader() {}

    /**
     * @param key the configuration key that names the folder, for messages
     * @throws ConfigException when the folder cannot be read or holds no usable noise
     */
    public static NoiseCorpus load(String key, String folder, Configuration hadoop, FeatureSpec spec) {
        Path root = new Path(folder);
        Map<String, byte[]> sources = new TreeMap<>();
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            for (FileStatus file : fs.listStatus(root)) {
                String name = file.getPath().getName();
                if (file.isFile() && name.toLowerCase(Locale.ROOT).matches(".*\\.(wav|flac|ogg)")) {
                    sources.put(name, HadoopFiles.readAll(file.getPath(), hadoop));
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + key + " " + folder + ": " + e.getMessage(), e);
        }
        try {
            return NoiseCorpus.of(sources, spec);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " " + folder + ": " + e.getMessage(), e);
        }
    }
}
