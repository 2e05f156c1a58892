package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.List;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the maintain stage ({@code spira.maintain}).
 *
 * @param retentionHours the retention of the VACUUM maintain runs on every table after compacting
 *     it: files no table version has needed for longer than this are deleted
 */
public record MaintainConfig(double retentionHours) {
    static final Setting<MaintainConfig, Double> RETENTION_HOURS = Setting.of(
                    "spira.maintain.retention-hours",
                    Type.DOUBLE,
                    720.0, // Delta Lake's log retention (delta.logRetentionDuration): time travel reaches no further
                    MaintainConfig::retentionHours)
            .rule(h -> h >= 0, "a number of hours >= 0")
            .help("The retention of the VACUUM maintain runs on every table after compacting it: the files no"
                    + " version of the last this many hours needs (the small files compaction replaced, rows"
                    + " rewritten) are deleted, and a version older than that can no longer be read (time travel,"
                    + " or evaluate, validate and lineage of a model version trained on it). The default is Delta"
                    + " Lake's log retention, beyond which time travel cannot reach anyway. Below 168 (Delta Lake's"
                    + " default), a reader running longer than the retention can fail.");

    static final Settings<MaintainConfig> SETTINGS = new Settings<>(
            "spira.maintain",
            "The maintain stage: compaction of small files and VACUUM of every table (docs/stages.md).",
            List.of(RETENTION_HOURS));

    static MaintainConfig from(Config c) {
        return new MaintainConfig(RETENTION_HOURS.read(c));
    }
}
