package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the writer leases ({@code spira.leases}): a stage holds one lease per table it
 * writes, an object on the warehouse's own store, so that two runs never commit to a table at
 * once (docs/stages.md).
 *
 * @param ttl how long a lease stays valid after its last renewal; a killed run's lease is free
 *     that long after its last heartbeat
 * @param heartbeat how often a running stage renews its leases; at most a third of {@code ttl},
 *     so two heartbeats may fail before the lease expires
 * @param maxWait how long a stage waits for a lease another run holds before it exits 4; zero: it
 *     does not wait
 */
public record LeaseConfig(Duration ttl, Duration heartbeat, Duration maxWait) {
    static final Setting<LeaseConfig, Duration> TTL = seconds(
                    "spira.leases.ttl-seconds", Duration.ofSeconds(120), LeaseConfig::ttl)
            .rule(ttl -> ttl.compareTo(Duration.ZERO) > 0, "seconds > 0")
            .help("How long a writer lease stays valid after its holder last renewed it, seconds. A run that was"
                    + " killed leaves its leases behind: they are free this long after its last heartbeat.");
    static final Setting<LeaseConfig, Duration> HEARTBEAT = seconds(
                    "spira.leases.heartbeat-seconds", Duration.ofSeconds(20), LeaseConfig::heartbeat)
            .rule(beat -> beat.compareTo(Duration.ZERO) > 0, "seconds > 0")
            .help("How often a running stage renews its writer leases, seconds; at most a third of"
                    + " spira.leases.ttl-seconds.");
    static final Setting<LeaseConfig, Duration> WAIT = seconds(
                    "spira.leases.wait-seconds", Duration.ofSeconds(300), LeaseConfig::maxWait)
            .rule(wait -> !wait.isNegative(), "seconds >= 0")
            .help("How long a stage waits for a table another run is writing before it gives up with exit"
                    + " status 4, seconds; 0 gives up at once. The wait happens before Spark starts.");

    static final Settings<LeaseConfig> SETTINGS = new Settings<>(
            "spira.leases",
            "Writer leases: a stage that writes tables first takes one lease per table, an object under"
                    + " <warehouse>/_leases/ created with a conditional PUT, renews them while it runs and releases"
                    + " them at its end, so two runs never commit to the same table at once.",
            List.of(TTL, HEARTBEAT, WAIT));

    public LeaseConfig {
        if (heartbeat.multipliedBy(3).compareTo(ttl) > 0) {
            throw ConfigException.invalid(
                    HEARTBEAT.key(),
                    heartbeat.toSeconds(),
                    "at most a third of " + TTL.key() + " (" + ttl.toSeconds() + "): lower it, or raise " + TTL.key());
        }
    }

    static LeaseConfig from(Config c) {
        return new LeaseConfig(TTL.read(c), HEARTBEAT.read(c), WAIT.read(c));
    }

    private static Setting<LeaseConfig, Duration> seconds(
            String key, Duration defaultValue, Function<LeaseConfig, Duration> resolved) {
        return Setting.of(
                key,
                Type.LONG.map("a number of seconds", Duration::ofSeconds, Duration::toSeconds),
                defaultValue,
                resolved);
    }
}
