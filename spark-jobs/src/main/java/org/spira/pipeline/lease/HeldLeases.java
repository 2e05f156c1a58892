package org.spira.pipeline.lease;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.pipeline.config.LeaseConfig;
import org.spira.pipeline.lease.Lease.Holder;

/**
 * The leases a running stage holds. A daemon thread renews them every {@code
 * spira.leases.heartbeat-seconds}, each with a conditional replace of the version this run wrote
 * last; closing stops it and releases them (also after a failure). A renewal whose condition
 * fails means the lease was broken or taken over: the lease is lost, the stage's {@code onLost}
 * action runs (the command cancels its Spark jobs), and closing fails.
 */
public final class HeldLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeldLeases.class);

    /** A lease this run took: its content and the entity tag of the version it wrote. */
    record Taken(Lease lease, String etag) {}

    private final LeaseObjects objects;
    private final LeaseConfig config;
    private final Clock clock;
    private final Map<String, Taken> held = new LinkedHashMap<>();
    private final List<String> lost = new ArrayList<>();
    private final ScheduledExecutorService heartbeat;
    private Holder holder;
    private Runnable onLost = () -> {};

    HeldLeases(LeaseObjects objects, LeaseConfig config, Holder holder, Clock clock) {
        this.objects = objects;
        this.config = config;
        this.holder = holder;
        this.clock = clock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lease-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void add(Taken taken) {
        held.put(taken.lease().table(), taken);
        LOG.info(
                "took the lease of table {} until {}",
                taken.lease().table(),
                taken.lease().expiresAt());
    }

    /** The tables whose leases this run holds, in the order taken. */
    public synchronized List<String> tables() {
        return List.copyOf(held.keySet());
    }

    /** The leases as this run last wrote them. */
    synchronized List<Lease> leases() {
        return held.values().stream().map(Taken::lease).toList();
    }

    /**
     * Records the run's Spark application id in its leases (renewing them now), and what to do if
     * one is lost.
     *
     * @throws LeaseException when a lease was lost already
     */
    public synchronized void runningAs(String applicationId, Runnable whenLost) {
        holder = holder.running(applicationId);
        onLost = whenLost;
        renew();
        requireHeld();
    }

    /** Renews every lease still held; a lease whose version changed underneath is lost. */
    synchronized void renew() {
        Instant now = clock.instant();
        for (Taken taken : List.copyOf(held.values())) {
            Lease renewed = taken.lease().renewed(holder, now, config.ttl());
            try {
                Optional<String> etag = objects.replace(renewed.table(), taken.etag(), renewed.toJson());
                if (etag.isPresent()) {
                    held.put(renewed.table(), new Taken(renewed, etag.get()));
                } else {
                    lose(taken.lease(), "it was broken or taken over by another run");
                }
            } catch (IOException | RuntimeException e) {
                // after the failed attempt, which may have spent a while retrying
                if (clock.instant().isBefore(taken.lease().expiresAt())) {
                    LOG.warn(
                            "could not renew the lease of table {} (valid until {}): {}; trying again in {} s",
                            renewed.table(),
                            taken.lease().expiresAt(),
                            e.getMessage(),
                            config.heartbeat().toSeconds());
                } else {
                    lose(
                            taken.lease(),
                            "it expired at " + taken.lease().expiresAt() + " while it could not be renewed ("
                                    + e.getMessage() + ")");
                }
            }
        }
    }

    /**
     * Stops the heartbeat and releases every lease still held.
     *
     * @throws LeaseException when a lease was lost while the stage ran: another run may have
     *     written the table meanwhile
     */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(config.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release();
        requireHeld();
    }

    private synchronized void release() {
        onLost = () -> {}; // the stage's work is over: nothing left to cancel
        Instant now = clock.instant();
        List<Taken> taken = new ArrayList<>(held.values());
        for (int i = taken.size() - 1; i >= 0; i--) {
            Lease released = taken.get(i).lease().ended(Lease.State.RELEASED, now);
            try {
                if (objects.replace(released.table(), taken.get(i).etag(), released.toJson())
                        .isEmpty()) {
                    lose(taken.get(i).lease(), "it was broken or taken over by another run");
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "could not release the lease of table {}: {}; it frees itself at {}",
                        released.table(),
                        e.getMessage(),
                        taken.get(i).lease().expiresAt());
            }
            held.remove(released.table());
        }
    }

    private synchronized void requireHeld() {
        if (!lost.isEmpty()) {
            throw new LeaseException("this run lost its writer lease while it ran: " + String.join("; ", lost)
                    + ". Another run may have written the table meanwhile; run this stage again, which adds what is"
                    + " missing and nothing twice");
        }
    }

    private void lose(Lease lease, String why) {
        held.remove(lease.table());
        lost.add("table " + lease.table() + ": " + why);
        LOG.error("lost the lease of table {}: {}; cancelling this run's work", lease.table(), why);
        try {
            onLost.run();
        } catch (RuntimeException e) {
            LOG.warn("could not cancel this run's work: {}", e.getMessage());
        }
    }
}
