package org.spira.features.bench;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;
import org.spira.features.dsp.FeatureSpec;

/**
 * This project's fast path as built at another revision, on one thread, timed in the same JVM
 * and the same interleaved rounds as the current code: the fairest measure of what a change
 * did, since timings of separate runs on a shared machine differ by more than many changes.
 *
 * <p>The other build's classes and its dependencies are loaded in a class loader of their own
 * (parent: the platform loader), so its {@code org.spira.features} classes never mix with the
 * current ones; they are called by reflection through the API both revisions share: {@code
 * FeatureSpec.spira()}, {@code new RecordingFeaturizer(spec)}, {@code prepare(byte[])}, {@code
 * clean(prepared).windows()} and a rejection's {@code reason().code()}. Its spec must have the
 * current spec's hash, so both rows do the same work.
 */
final class RevisionTarget implements BenchTarget, AutoCloseable {
    private final String name;
    private final URLClassLoader loader;
    private final Object spec;
    private final Constructor<?> newFeaturizer;
    private final Method prepare;
    private final Method clean;
    private final Method windows;
    private final Class<?> rejected;
    private final Method reason;
    private final Method reasonCode;

    /**
     * @param label the revision, as shown in the row name and the baseline column
     * @param classpath the other build's audio core classes ({@code audio-core/target/classes},
     *     {@code feature-udfs/target/classes} at revisions before audio-core) and its runtime
     *     dependencies
     * @param currentSpec the spec of the current code; the other revision's must hash the same
     * @throws IllegalArgumentException if the classes are missing or their spec differs
     */
    RevisionTarget(String label, List<Path> classpath, FeatureSpec currentSpec) {
        this.name = rowName(label);
        this.loader = new URLClassLoader(urls(classpath), ClassLoader.getPlatformClassLoader());
        try {
            Class<?> specClass = loader.loadClass(FeatureSpec.class.getName());
            Class<?> featurizerClass = loader.loadClass("org.spira.features.RecordingFeaturizer");
            this.spec = specClass.getMethod("spira").invoke(null);
            this.newFeaturizer = featurizerClass.getConstructor(specClass);
            this.prepare = featurizerClass.getMethod("prepare", byte[].class);
            Class<?> prepared = loader.loadClass("org.spira.features.PreparedRecording");
            this.clean = featurizerClass.getMethod("clean", prepared);
            this.windows = clean.getReturnType().getMethod("windows");
            this.rejected = loader.loadClass(RecordingRejectedException.class.getName());
            this.reason = rejected.getMethod("reason");
            this.reasonCode = reason.getReturnType().getMethod("code");
            String hash = (String) specClass.getMethod("hash").invoke(spec);
            if (!hash.equals(currentSpec.hash())) {
                throw new IllegalArgumentException("--baseline " + label + ": its FeatureSpec.spira() hashes to "
                        + hash + ", the current one to " + currentSpec.hash()
                        + "; the rows would not compute the same features");
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException(
                    "--baseline " + label + ": " + classpath
                            + " does not hold this project's audio core classes with the API the benchmark calls ("
                            + e + ")",
                    e);
        }
    }

    /** Row name of the fast path at revision {@code label}. */
    static String rowName(String label) {
        return "SPIRA Pipeline at " + label;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public RunOutput run(Workload workload) throws ReflectiveOperationException {
        Object featurizer = newFeaturizer.newInstance(spec);
        RunOutput total = RunOutput.none();
        for (CorpusFile file : workload.items()) {
            Object prepared = prepareOrNull(featurizer, file);
            if (prepared != null) {
                total = total.plus(RunOutput.of((float[][]) windows.invoke(clean.invoke(featurizer, prepared))));
            }
        }
        return total;
    }

    /** As {@link ProjectFeaturization#prepareOrNull}, through the other revision's classes. */
    private Object prepareOrNull(Object featurizer, CorpusFile file) throws ReflectiveOperationException {
        try {
            return prepare.invoke(featurizer, (Object) file.wav());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (!rejected.isInstance(cause)) {
                throw e;
            }
            String code = (String) reasonCode.invoke(reason.invoke(cause));
            if (code.equals(RejectReason.TOO_SHORT.code())) {
                return null;
            }
            throw ProjectFeaturization.corpusMustDecode(file, code, cause);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }

    private static URL[] urls(List<Path> classpath) {
        List<URL> urls = new ArrayList<>();
        for (Path entry : classpath) {
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("classpath entry " + entry + " is not a valid URL", e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
