package org.spira.pipeline.lease;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.LeaseConfig;
import org.spira.pipeline.lease.Lease.Holder;
import org.spira.pipeline.lease.LeaseObjects.Stored;

/**
 * The writer leases of one warehouse: one lease object per table, under {@code
 * <warehouse>/_leases/}. A stage takes the lease of every table it writes before Spark starts
 * ({@link #acquire}), in name order so two stages never wait for each other; a free lease is
 * taken with one conditional write (create if absent, or replace the released or expired version
 * that was read), so of two runs exactly one gets it. A held lease is waited for, up to {@code
 * spira.leases.wait-seconds}. Operators list them ({@link #list}) and break a dead run's ({@link
 * #breakLease}).
 */
public final class TableLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableLeases.class);
    /** How often a waiting run reads a held lease again: one small GET. */
    static final Duration POLL = Duration.ofSeconds(2);

    private final LeaseObjects objects;
    private final LeaseConfig config;
    private final String warehouse;
    private final Clock clock = Clock.systemUTC();

    TableLeases(LeaseObjects objects, LeaseConfig config, String warehouse) {
        this.objects = objects;
        this.config = config;
        this.warehouse = warehouse;
    }

    /**
     * The leases of {@code warehouse} ({@code file://} or {@code s3a://}).
     *
     * @param hadoop the Hadoop settings S3A reads (endpoint, credentials, path style)
     * @throws ConfigException when the warehouse is neither file:// nor s3a://
     */
    public static TableLeases of(String warehouse, Configuration hadoop, LeaseConfig config) {
        try {
            return new TableLeases(LeaseObjects.of(warehouse, hadoop), config, warehouse);
        } catch (IOException e) {
            throw new LeaseException(
                    "the lease objects of " + warehouse + " cannot be reached: " + e.getMessage()
                            + "; check the S3A settings (docs/configuration.md)",
                    e);
        }
    }

    /** The command that breaks the lease of {@code table}. */
    public static String breakCommand(String warehouse, String table) {
        return "bin/submit leases --warehouse " + warehouse + " --break " + table;
    }

    /**
     * Takes the lease of every table in {@code tables}, in name order, waiting for held ones up
     * to {@code spira.leases.wait-seconds} in all; they are renewed every {@code
     * spira.leases.heartbeat-seconds} until the result is closed.
     *
     * @throws LeaseHeldException when a lease is still held by another run at the end of the wait
     *     (the leases taken so far are released)
     */
    public HeldLeases acquire(Collection<String> tables, Holder holder) {
        HeldLeases held = new HeldLeases(objects, config, holder, clock);
        Instant deadline = clock.instant().plus(config.maxWait());
        try {
            for (String table : new TreeSet<>(tables)) {
                held.add(take(checked(table), holder, deadline));
            }
            return held;
        } catch (RuntimeException e) {
            try {
                held.close();
            } catch (RuntimeException release) {
                e.addSuppressed(release);
            }
            throw e;
        }
    }

    /** Every lease of the warehouse, by table name. */
    public List<Lease> list() {
        List<Lease> leases = new ArrayList<>();
        try {
            for (String table : objects.tables()) {
                objects.read(table).ifPresent(stored -> leases.add(parse(table, stored)));
            }
        } catch (IOException e) {
            throw storeFailed(e);
        }
        return leases;
    }

    /**
     * Breaks the lease of {@code table}, whoever holds it: the next run takes it at once. Its
     * holder, if it is still running, finds it broken at its next heartbeat and fails (exit 1).
     *
     * @return the lease that was held, or empty when none was (never taken, released, broken)
     */
    public Optional<Lease> breakLease(String table) {
        try {
            while (true) {
                Optional<Stored> stored = objects.read(checked(table));
                Optional<Lease> held = stored.map(s -> parseForBreak(table, s));
                if (held.isEmpty() || held.get().state() != Lease.State.HELD) {
                    return Optional.empty();
                }
                byte[] broken =
                        held.get().ended(Lease.State.BROKEN, clock.instant()).toJson();
                if (objects.replace(table, stored.get().etag(), broken).isPresent()) {
                    LOG.warn(
                            "broke the lease of table {} held by {}",
                            table,
                            held.get().holder());
                    return held;
                }
            }
        } catch (IOException e) {
            throw storeFailed(e);
        }
    }

    @Override
    public void close() {
        objects.close();
    }

    /** The lease of {@code table}, taken by one conditional write once it is free. */
    private HeldLeases.Taken take(String table, Holder holder, Instant deadline) {
        boolean waiting = false;
        try {
            while (true) {
                Instant now = clock.instant();
                Lease mine = Lease.taken(table, holder, now, config.ttl());
                byte[] content = mine.toJson();
                Optional<String> etag = objects.create(table, content);
                Optional<Stored> current = etag.isPresent() ? Optional.empty() : objects.read(table);
                if (etag.isEmpty() && current.isPresent()) {
                    Lease theirs = parse(table, current.get());
                    if (theirs.free(now)) {
                        etag = objects.replace(table, current.get().etag(), content);
                        etag.ifPresent(tag -> LOG.info("took the {} lease of table {}", theirs.status(now), table));
                    } else if (Arrays.equals(current.get().content(), content)) {
                        etag = Optional.of(current.get().etag()); // a PUT retried after it had succeeded
                    } else if (!now.isBefore(deadline)) {
                        throw busy(theirs);
                    } else {
                        waiting = waitFor(theirs, waiting, now, deadline);
                    }
                }
                if (etag.isPresent()) {
                    return new HeldLeases.Taken(mine, etag.get());
                }
            }
        } catch (IOException e) {
            throw storeFailed(e);
        }
    }

    /** Sleeps one poll (at most until the deadline), saying once whom the run waits for. */
    private boolean waitFor(Lease theirs, boolean waiting, Instant now, Instant deadline) {
        if (!waiting) {
            LOG.info(
                    "table {} is being written by another run ({}); waiting up to {} s for its lease",
                    theirs.table(),
                    theirs.holder(),
                    Duration.between(now, deadline).toSeconds());
        }
        Duration pause = Duration.between(now, deadline);
        try {
            Thread.sleep(Math.max(1, (pause.compareTo(POLL) < 0 ? pause : POLL).toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(theirs);
        }
        return true;
    }

    private LeaseHeldException busy(Lease theirs) {
        String table = theirs.table();
        return new LeaseHeldException("the table " + table + " of " + warehouse + " is being written by another run ("
                + theirs.holder() + "), which took its lease at " + theirs.acquiredAt() + "; the lease is valid until "
                + theirs.expiresAt() + " unless renewed (waited "
                + config.maxWait().toSeconds() + " s, "
                + "spira.leases.wait-seconds). Run this stage again once that run has ended. If that run is dead, its"
                + " lease frees itself at " + theirs.expiresAt() + ", or break it now: "
                + breakCommand(warehouse, table));
    }

    private Lease parse(String table, Stored stored) {
        try {
            return Lease.parse(stored.content());
        } catch (IllegalArgumentException e) {
            throw new LeaseException(
                    "the lease object of table " + table + " in " + objects.location() + " is not a lease ("
                            + e.getMessage() + "): break it with " + breakCommand(warehouse, table),
                    e);
        }
    }

    /** The lease in {@code stored}; an object that is not a lease counts as one held by nobody known. */
    private Lease parseForBreak(String table, Stored stored) {
        try {
            return Lease.parse(stored.content());
        } catch (IllegalArgumentException e) {
            Instant now = clock.instant();
            return new Lease(
                    table, Lease.State.HELD, new Holder("unknown", Optional.empty(), "unknown", 0), now, now, now);
        }
    }

    private LeaseException storeFailed(IOException e) {
        return new LeaseException(
                "the writer leases in " + objects.location() + " cannot be read or written: " + e.getMessage()
                        + "; check that the object store is up and the S3A settings",
                e);
    }

    /** A table name as the tables are named: no path can be smuggled into a lease's object name. */
    private static String checked(String table) {
        if (!table.matches("[a-z][a-z0-9_]*")) {
            throw new ConfigException("'" + table + "' is not a table name: name one of the warehouse's tables,"
                    + " e.g. recordings (bin/submit leases --warehouse URI lists the leases)");
        }
        return table;
    }
}
