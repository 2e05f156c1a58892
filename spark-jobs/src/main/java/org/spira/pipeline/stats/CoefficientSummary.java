package org.spira.pipeline.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The values of each MFCC coefficient over many frames, summarised so that the summaries of parts
 * merge into the summary of the whole, in any order: per coefficient, the count, the mean and the
 * sum of squared deviations (Chan, Golub and LeVeque's pairwise update, exact up to rounding), and
 * a KLL quantile sketch (Apache DataSketches, the library Spark itself ships), whose quantiles are
 * within {@link #rankError()} of their rank. A window adds its frames; Spark merges the
 * partitions' summaries, which cross its shuffle as {@link #toBytes}.
 */
public final class CoefficientSummary {
    /**
     * The sketches' size parameter: a normalized rank error of about 0.33 % (DataSketches'
     * single-rank bound), about 12 KB per coefficient once a sketch holds millions of values.
     */
    public static final int SKETCH_K = 800;

    private final int coefficients;
    private long count;
    private final double[] mean;
    private final double[] squaredDeviations;
    private final KllFloatsSketch[] sketches;

    /** An empty summary of {@code coefficients} coefficients. */
    public CoefficientSummary(int coefficients) {
        if (coefficients <= 0) {
            throw new IllegalArgumentException("a summary needs at least one coefficient, not " + coefficients);
        }
        this.coefficients = coefficients;
        this.mean = new double[coefficients];
        this.squaredDeviations = new double[coefficients];
        this.sketches = emptySketches(coefficients);
    }

    /**
     * Adds a window's frames: {@code values} is frames x coefficients, row-major, as in {@code
     * features}.
     *
     * @throws IllegalArgumentException when its length is not a multiple of the coefficient count
     */
    public CoefficientSummary addWindow(float[] values) {
        if (values.length == 0 || values.length % coefficients != 0) {
            throw new IllegalArgumentException(
                    "a window of " + values.length + " values is not frames x " + coefficients + " coefficients");
        }
        int frames = values.length / coefficients;
        double[] windowSum = new double[coefficients];
        for (int i = 0; i < values.length; i++) {
            float value = values[i];
            windowSum[i % coefficients] += value;
            sketches[i % coefficients].update(value);
        }
        for (int c = 0; c < coefficients; c++) {
            double windowMean = windowSum[c] / frames;
            double deviations = 0;
            for (int f = 0; f < frames; f++) {
                double d = values[f * coefficients + c] - windowMean;
                deviations += d * d;
            }
            combine(c, frames, windowMean, deviations);
        }
        count += frames;
        return this;
    }

    /** Adds everything {@code other} summarised; returns this summary. */
    public CoefficientSummary merge(CoefficientSummary other) {
        if (other.coefficients != coefficients) {
            throw new IllegalArgumentException(
                    "cannot merge a summary of " + other.coefficients + " coefficients into one of " + coefficients);
        }
        for (int c = 0; c < coefficients; c++) {
            combine(c, other.count, other.mean[c], other.squaredDeviations[c]);
            sketches[c].merge(other.sketches[c]);
        }
        count += other.count;
        return this;
    }

    /** Values summarised per coefficient (frames). */
    public long count() {
        return count;
    }

    public int coefficients() {
        return coefficients;
    }

    /** The mean of each coefficient; NaN when empty. */
    public double[] means() {
        return count == 0 ? nans() : mean.clone();
    }

    /** The population standard deviation of each coefficient; NaN when empty. */
    public double[] standardDeviations() {
        return count == 0
                ? nans()
                : IntStream.range(0, coefficients)
                        .mapToDouble(c -> Math.sqrt(squaredDeviations[c] / count))
                        .toArray();
    }

    /**
     * The values of each coefficient at {@code ranks} (0 = its minimum, 1 = its maximum, both
     * exact), within {@link #rankError()}.
     *
     * @throws IllegalStateException when the summary is empty
     */
    public double[][] quantiles(double[] ranks) {
        if (count == 0) {
            throw new IllegalStateException("an empty summary has no quantiles");
        }
        double[][] quantiles = new double[coefficients][];
        for (int c = 0; c < coefficients; c++) {
            KllFloatsSketch sketch = sketches[c];
            quantiles[c] = IntStream.range(0, ranks.length)
                    .mapToDouble(i -> ranks[i] <= 0
                            ? sketch.getMinValue()
                            : ranks[i] >= 1 ? sketch.getMaxValue() : sketch.getQuantile(ranks[i]))
                    .toArray();
        }
        return quantiles;
    }

    /** The sketches' normalized rank error (DataSketches' a-priori bound for one rank). */
    public double rankError() {
        return KllFloatsSketch.getNormalizedRankError(SKETCH_K, false);
    }

    private void combine(int c, long otherCount, double otherMean, double otherDeviations) {
        if (otherCount == 0) {
            return;
        }
        long total = count + otherCount;
        double delta = otherMean - mean[c];
        mean[c] += delta * otherCount / total;
        squaredDeviations[c] += otherDeviations + delta * delta * count * otherCount / total;
    }

    private double[] nans() {
        double[] nans = new double[coefficients];
        Arrays.fill(nans, Double.NaN);
        return nans;
    }

    private static KllFloatsSketch[] emptySketches(int coefficients) {
        KllFloatsSketch[] sketches = new KllFloatsSketch[coefficients];
        for (int c = 0; c < coefficients; c++) {
            sketches[c] = KllFloatsSketch.newHeapInstance(SKETCH_K);
        }
        return sketches;
    }

    /**
     * The summary as bytes, to cross Spark's shuffle whatever {@code spark.serializer} is: the
     * moments, then each sketch in DataSketches' own compact form.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(coefficients);
            out.writeLong(count);
            for (int c = 0; c < coefficients; c++) {
                out.writeDouble(mean[c]);
                out.writeDouble(squaredDeviations[c]);
                byte[] sketch = sketches[c].toByteArray();
                out.writeInt(sketch.length);
                out.write(sketch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** The summary {@link #toBytes} wrote. */
    public static CoefficientSummary fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            CoefficientSummary summary = new CoefficientSummary(in.readInt());
            summary.count = in.readLong();
            for (int c = 0; c < summary.coefficients; c++) {
                summary.mean[c] = in.readDouble();
                summary.squaredDeviations[c] = in.readDouble();
                byte[] sketch = new byte[in.readInt()];
                in.readFully(sketch);
                summary.sketches[c] = KllFloatsSketch.heapify(Memory.wrap(sketch));
            }
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
