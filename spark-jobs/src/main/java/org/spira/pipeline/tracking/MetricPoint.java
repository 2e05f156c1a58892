package org.spira.pipeline.tracking;

/**
 * One value of a metric.
 *
 * @param key metric name (e.g. {@code val_loss})
 * @param value the value
 * @param step training step or epoch (&gt;= 0)
 * @param timestampMillis when it was measured, milliseconds since the epoch (UTC)
 */
public record MetricPoint(String key, double value, long step, long timestampMillis) {
    public MetricPoint {
        RedactionPolicy.checkKey(key);
        if (step < 0) {
            throw new IllegalArgumentException("metric " + key + ": step " + step + " is below 0");
        }
    }
}
