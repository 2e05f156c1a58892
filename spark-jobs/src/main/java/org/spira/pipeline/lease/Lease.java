package org.spira.pipeline.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The content of one table's lease object, as JSON: who holds it (no subject data: the stage, the
 * Spark application once it has started, the host and the process id), since when, and until
 * when it is valid unless renewed. A lease is free when it was released or broken, or when its
 * holder stopped renewing it and it expired.
 *
 * @param table the table the lease guards
 * @param state held, released (by its holder, at the end of its run) or broken (by an operator)
 * @param holder who holds or held it
 * @param acquiredAt when the holder took it
 * @param renewedAt the holder's last heartbeat (or the release or break)
 * @param expiresAt when it stops being valid unless renewed again
 */
public record Lease(
        String table, State state, Holder holder, Instant acquiredAt, Instant renewedAt, Instant expiresAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the lease is held, released by its holder, or broken by an operator. */
    public enum State {
        HELD,
        RELEASED,
        BROKEN;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A run that takes leases.
     *
     * @param stage the stage it runs, e.g. {@code split}
     * @param application its Spark application id, once its session has started
     * @param host the host its driver runs on
     * @param pid the driver's process id
     */
    public record Holder(String stage, Optional<String> application, String host, long pid) {
        /** The run of {@code stage} in this process (its Spark application is not started yet). */
        public static Holder thisProcess(String stage) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown";
            }
            return new Holder(
                    stage, Optional.empty(), host, ProcessHandle.current().pid());
        }

        /** The same run, now known by its Spark application id. */
        public Holder running(String applicationId) {
            return new Holder(stage, Optional.of(applicationId), host, pid);
        }

        @Override
        public String toString() {
            return "stage " + stage + ", Spark application " + application.orElse("(not started yet)") + ", host "
                    + host + ", pid " + pid;
        }
    }

    /** A lease {@code holder} takes at {@code now}, valid for {@code ttl}. */
    static Lease taken(String table, Holder holder, Instant now, Duration ttl) {
        return new Lease(table, State.HELD, holder, now, now, now.plus(ttl));
    }

    /** This lease, renewed at {@code now} for {@code ttl}, by its holder as it is now known. */
    Lease renewed(Holder current, Instant now, Duration ttl) {
        return new Lease(table, State.HELD, current, acquiredAt, now, now.plus(ttl));
    }

    /** This lease, given up at {@code now} as {@code state} (released or broken). */
    Lease ended(State state, Instant now) {
        return new Lease(table, state, holder, acquiredAt, now, now);
    }

    /** Whether another run may take the lease at {@code now}. */
    public boolean free(Instant now) {
        return state != State.HELD || !now.isBefore(expiresAt);
    }

    /** The state as {@code leases} lists it: held, expired, released or broken. */
    public String status(Instant now) {
        return state == State.HELD && !now.isBefore(expiresAt) ? "expired" : state.word();
    }

    byte[] toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("table", table)
                .put("state", state.word())
                .put("stage", holder.stage())
                .put("application", holder.application().orElse(null))
                .put("host", holder.host())
                .put("pid", holder.pid())
                .put("acquired_at", acquiredAt.toString())
                .put("renewed_at", renewedAt.toString())
                .put("expires_at", expiresAt.toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a lease did not serialize", e);
        }
    }

    /**
     * The lease stored in {@code content}.
     *
     * @throws IllegalArgumentException when it is not a lease this code wrote
     */
    static Lease parse(byte[] content) {
        try {
            JsonNode node = JSON.readTree(content);
            JsonNode application = node.path("application");
            return new Lease(
                    text(node, "table"),
                    State.valueOf(text(node, "state").toUpperCase(Locale.ROOT)),
                    new Holder(
                            text(node, "stage"),
                            application.isTextual() ? Optional.of(application.asText()) : Optional.empty(),
                            text(node, "host"),
                            node.path("pid").asLong()),
                    Instant.parse(text(node, "acquired_at")),
                    Instant.parse(text(node, "renewed_at")),
                    Instant.parse(text(node, "expires_at")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a lease: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asText();
    }
}
