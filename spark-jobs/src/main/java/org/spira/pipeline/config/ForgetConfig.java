package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.List;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the forget stage ({@code spira.forget}).
 *
 * @param retentionHours the retention of the VACUUM forget runs on every table it changed: files
 *     no table version has needed for longer than this are deleted
 */
public record ForgetConfig(double retentionHours) {
    static final Setting<ForgetConfig, Double> RETENTION_HOURS = Setting.of(
                    "spira.forget.retention-hours",
                    Type.DOUBLE,
                    168.0, // Delta Lake's default, the shortest its safety check accepts
                    ForgetConfig::retentionHours)
            .rule(h -> h >= 0, "a number of hours >= 0")
            .help("The retention of the VACUUM forget runs on the tables it changed. The files holding an erased"
                    + " subject's rows stay on the object store, readable by time travel to versions before the"
                    + " erasure, until a VACUUM runs at least this long after the erasure: run forget again with the"
                    + " same file then. Below 168 (Delta Lake's default), a reader or writer running longer than the"
                    + " retention can fail; 0 removes them at once (tests, or a warehouse nothing else uses).");

    static final Settings<ForgetConfig> SETTINGS = new Settings<>(
            "spira.forget",
            "The forget stage: erasure of subjects' data on request (docs/privacy.md).",
            List.of(RETENTION_HOURS));

    static ForgetConfig from(Config c) {
        return new ForgetConfig(RETENTION_HOURS.read(c));
    }
}
