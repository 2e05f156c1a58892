package org.spira.pipeline.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.LeaseConfig;
import org.spira.pipeline.lease.Lease.Holder;

/**
 * The writer leases on a local folder and on the real MinIO, with real threads racing for them:
 * of runs started at once exactly one takes a lease; a waiting run takes it when it is released;
 * a killed run's lease expires and is taken over by exactly one run; a renewed lease outlives its
 * TTL; a broken lease is lost by its holder, whose work is cancelled and whose close fails.
 */
class TableLeasesTest {
    private static final LeaseConfig NO_WAIT = config(Duration.ZERO);
    private static final int RUNS = 6;

    @TempDir
    Path dir;

    private final List<TableLeases> opened = new ArrayList<>();
    private final List<String> warehouses = new ArrayList<>();
    private Configuration hadoop;

    @AfterEach
    void closeStoresAndRemoveTheirObjects() throws Exception {
        opened.forEach(TableLeases::close);
        for (String warehouse : warehouses) {
            FileSystem.get(URI.create(warehouse), hadoop).delete(new org.apache.hadoop.fs.Path(warehouse), true);
        }
    }

    /** A new warehouse of {@code kind}, removed after the test. */
    private String warehouse(String kind) throws Exception {
        String warehouse = LeaseStores.warehouse(kind, dir);
        if (hadoop == null) {
            hadoop = LeaseStores.hadoop();
        }
        warehouses.add(warehouse);
        return warehouse;
    }

    /** Leases that live 3 s after a heartbeat, renewed every second. */
    private static LeaseConfig config(Duration wait) {
        return new LeaseConfig(Duration.ofSeconds(3), Duration.ofSeconds(1), wait);
    }

    private TableLeases leases(String warehouse, LeaseConfig config) throws Exception {
        if (hadoop == null) {
            hadoop = LeaseStores.hadoop();
        }
        TableLeases leases = TableLeases.of(warehouse, hadoop, config);
        opened.add(leases);
        return leases;
    }

    private static Holder run(String name) {
        return new Holder("split", Optional.of(name), "host-" + name, 100);
    }

    @ParameterizedTest
    @MethodSource("org.spira.pipeline.lease.LeaseStores#kinds")
    void ofRunsStartedAtOnceExactlyOneTakesTheLeaseAndTheOthersNameIt(String kind) throws Exception {
        String warehouse = warehouse(kind);
        List<Object> outcomes = race(warehouse, NO_WAIT, RUNS);
        List<HeldLeases> winners = held(outcomes);
        assertEquals(1, winners.size(), outcomes.toString());
        String winner = winners.get(0).leases().get(0).holder().application().orElseThrow();
        for (Object outcome : outcomes) {
            if (outcome instanceof LeaseHeldException busy) {
                assertTrue(busy.getMessage().contains("Spark application " + winner), busy.getMessage());
                assertTrue(
                        busy.getMessage().contains("bin/submit leases --warehouse " + warehouse + " --break splits"),
                        busy.getMessage());
            }
        }
        TableLeases leases = leases(warehouse, NO_WAIT);
        assertEquals(List.of("held"), statuses(leases));
        winners.get(0).close();
        assertEquals(List.of("released"), statuses(leases));
        try (HeldLeases next = leases.acquire(List.of("splits"), run("next"))) {
            assertEquals(List.of("splits"), next.tables());
        }
    }

    @ParameterizedTest
    @MethodSource("org.spira.pipeline.lease.LeaseStores#kinds")
    void theLeaseObjectSaysWhoHoldsItAndNothingElse(String kind) throws Exception {
        String warehouse = warehouse(kind);
        TableLeases leases = leases(warehouse, NO_WAIT);
        Instant before = Instant.now();
        try (HeldLeases held = leases.acquire(List.of("splits"), Holder.thisProcess("split"))) {
            held.runningAs("app-20261206-0001", () -> {});
            // read back through Hadoop's own file system for the URI (S3A for MinIO), not the lease code
            org.apache.hadoop.fs.Path object =
                    new org.apache.hadoop.fs.Path(warehouse.replaceFirst("/$", "") + "/_leases/splits");
            JsonNode lease;
            try (InputStream in = FileSystem.get(URI.create(warehouse), hadoop).open(object)) {
                lease = new ObjectMapper().readTree(in);
            }
            Set<String> fields = new TreeSet<>();
            lease.fieldNames().forEachRemaining(fields::add);
            assertEquals(
                    Set.of(
                            "table",
                            "state",
                            "stage",
                            "application",
                            "host",
                            "pid",
                            "acquired_at",
                            "renewed_at",
                            "expires_at"),
                    fields);
            assertEquals("held", lease.get("state").asText());
            assertEquals("app-20261206-0001", lease.get("application").asText());
            assertEquals(ProcessHandle.current().pid(), lease.get("pid").asLong());
            Instant acquired = Instant.parse(lease.get("acquired_at").asText());
            assertFalse(acquired.isBefore(before));
            assertEquals(
                    Duration.ofSeconds(3),
                    Duration.between(
                            Instant.parse(lease.get("renewed_at").asText()),
                            Instant.parse(lease.get("expires_at").asText())));
        }
    }

    @ParameterizedTest
    @MethodSource("org.spira.pipeline.lease.LeaseStores#kinds")
    void aWaitingRunTakesTheLeaseOnceTheHolderReleasesIt(String kind) throws Exception {
        String warehouse = warehouse(kind);
        HeldLeases first = leases(warehouse, NO_WAIT).acquire(List.of("splits"), run("first"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<HeldLeases> waiting = pool.submit(
                    () -> leases(warehouse, config(Duration.ofSeconds(20))).acquire(List.of("splits"), run("second")));
            Thread.sleep(1500);
            assertFalse(waiting.isDone(), "the second run waits while the first holds the lease");
            first.close();
            try (HeldLeases second = waiting.get(10, TimeUnit.SECONDS)) {
                double waited = (System.nanoTime() - start) / 1e9;
                assertTrue(waited >= 1.5 && waited < 1.5 + 2 * TableLeases.POLL.toSeconds() + 2, "waited " + waited);
                assertEquals(
                        "second", second.leases().get(0).holder().application().orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spira.pipeline.lease.LeaseStores#kinds")
    void aRenewedLeaseOutlivesItsTtlAndAKilledRunsLeaseIsTakenOverByExactlyOneRun(String kind) throws Exception {
        String warehouse = warehouse(kind);
        TableLeases leases = leases(warehouse, NO_WAIT);
        try (HeldLeases alive = leases.acquire(List.of("features"), run("alive"))) {
            Thread.sleep(4500); // longer than the 3 s TTL: only the heartbeat keeps it
            LeaseHeldException busy =
                    assertThrows(LeaseHeldException.class, () -> leases.acquire(List.of("features"), run("eager")));
            assertTrue(busy.getMessage().contains("Spark application alive"), busy.getMessage());
            assertEquals(List.of("features"), alive.tables());
        }
        // A killed run: it took the lease and was never heard of again.
        LeaseObjects objects = LeaseObjects.of(warehouse, hadoop);
        try (objects) {
            Lease dead = Lease.taken("splits", run("killed"), Instant.now(), Duration.ofSeconds(1));
            assertTrue(objects.create("splits", dead.toJson()).isPresent());
        }
        assertEquals(List.of("released", "held"), statuses(leases));
        Thread.sleep(1100);
        assertEquals(List.of("released", "expired"), statuses(leases));
        List<Object> outcomes = race(warehouse, NO_WAIT, 4);
        List<HeldLeases> winners = held(outcomes);
        assertEquals(1, winners.size(), "one run takes the expired lease over: " + outcomes);
        assertEquals(
                3,
                outcomes.stream().filter(LeaseHeldException.class::isInstance).count(),
                outcomes.toString());
        winners.get(0).close();
    }

    @ParameterizedTest
    @MethodSource("org.spira.pipeline.lease.LeaseStores#kinds")
    void aBrokenLeaseGoesToTheNextRunAndItsHolderLosesIt(String kind) throws Exception {
        String warehouse = warehouse(kind);
        TableLeases leases = leases(warehouse, NO_WAIT);
        HeldLeases stuck = leases.acquire(List.of("splits"), run("stuck"));
        CountDownLatch cancelled = new CountDownLatch(1);
        stuck.runningAs("stuck", cancelled::countDown);

        Lease broken = leases.breakLease("splits").orElseThrow();
        assertEquals("stuck", broken.holder().application().orElseThrow());
        assertEquals(List.of("broken"), statuses(leases));
        assertEquals(Optional.empty(), leases.breakLease("splits"), "nothing left to break");
        try (HeldLeases next = leases.acquire(List.of("splits"), run("next"))) {
            assertTrue(cancelled.await(5, TimeUnit.SECONDS), "the holder's heartbeat finds its lease gone");
            LeaseException lost = assertThrows(LeaseException.class, stuck::close);
            assertTrue(lost.getMessage().contains("lost its writer lease"), lost.getMessage());
            assertEquals(List.of("held"), statuses(leases), "the loser's close leaves the next run's lease alone");
            assertEquals("next", leases.list().get(0).holder().application().orElseThrow());
            assertEquals(List.of("splits"), next.tables());
        }
    }

    @ParameterizedTest
    @MethodSource("org.spira.pipeline.lease.LeaseStores#kinds")
    void severalTablesAreTakenInNameOrderAndAllGivenBackWhenOneIsBusy(String kind) throws Exception {
        String warehouse = warehouse(kind);
        TableLeases leases = leases(warehouse, NO_WAIT);
        try (HeldLeases ingest = leases.acquire(List.of("recordings", "rejected", "ingest_runs"), run("ingest"))) {
            assertEquals(List.of("ingest_runs", "recordings", "rejected"), ingest.tables());
            LeaseHeldException busy = assertThrows(
                    LeaseHeldException.class, () -> leases.acquire(List.of("rejected", "features"), run("featurize")));
            assertTrue(busy.getMessage().contains("the table rejected of " + warehouse), busy.getMessage());
            // features came first in name order and was taken; the failed run released it
            assertEquals(
                    List.of("features released", "ingest_runs held", "recordings held", "rejected held"),
                    leases.list().stream()
                            .map(l -> l.table() + " " + l.status(Instant.now()))
                            .toList());
        }
    }

    /**
     * The object store goes away while a stage runs: each renewal spends a while retrying before it
     * fails (S3A's retries), and the one that was still in time when it began fails after the
     * lease's expiry. The lease is lost then, not one heartbeat later: another run may take it.
     */
    @Test
    void aLeaseThatExpiresWhileItsRenewalIsFailingIsLostAndItsWorkCancelled() throws Exception {
        Instant start = Instant.parse("2026-12-07T01:00:00Z");
        MovableClock clock = new MovableClock(start);
        // a TTL of an hour on the test's clock; the heartbeat (20 min of real time) never runs in the test
        LeaseConfig config = new LeaseConfig(Duration.ofHours(1), Duration.ofMinutes(20), Duration.ZERO);
        LeaseObjects store = new LocalLeaseObjects(dir.resolve("_leases"));
        Lease taken = Lease.taken("features", run("cut-off"), start, config.ttl());
        String etag = store.create("features", taken.toJson()).orElseThrow();
        // fault injection: the store stops answering, and a request fails only after retrying for 61 min
        LeaseObjects unreachable = new RetryingUnreachableLeaseObjects(store, clock, Duration.ofMinutes(61));
        HeldLeases held = new HeldLeases(unreachable, config, run("cut-off"), clock);
        held.add(new HeldLeases.Taken(taken, etag));
        CountDownLatch cancelled = new CountDownLatch(1);
        // runningAs renews at once: the renewal begins in time, and fails after the lease's expiry
        LeaseException lost = assertThrows(LeaseException.class, () -> held.runningAs("cut-off", cancelled::countDown));

        assertEquals(0, cancelled.getCount(), "the run's work is cancelled");
        assertEquals(List.of(), held.tables());
        assertThrows(LeaseException.class, held::close);
        assertTrue(
                lost.getMessage().contains("table features: it expired at " + start.plus(config.ttl())),
                lost.getMessage());
        assertTrue(lost.getMessage().contains("Connection refused"), lost.getMessage());
    }

    @Test
    void onlyFileAndS3aWarehousesAndTableNamesAreAccepted() throws Exception {
        ConfigException scheme =
                assertThrows(ConfigException.class, () -> leases("hdfs://namenode/warehouse", NO_WAIT));
        assertTrue(scheme.getMessage().contains("neither file:// nor s3a://"), scheme.getMessage());
        TableLeases leases = leases(warehouse("file"), NO_WAIT);
        ConfigException name = assertThrows(ConfigException.class, () -> leases.breakLease("../splits"));
        assertTrue(name.getMessage().contains("'../splits' is not a table name"), name.getMessage());
    }

    /** {@code runs} threads that ask for the splits lease at the same moment: each one's HeldLeases or exception. */
    private List<Object> race(String warehouse, LeaseConfig config, int runs) throws Exception {
        List<TableLeases> stores = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            stores.add(leases(warehouse, config));
        }
        CyclicBarrier start = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                TableLeases store = stores.get(i);
                Holder holder = run("run-" + i);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return store.acquire(List.of("splits"), holder);
                    } catch (LeaseHeldException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<HeldLeases> held(List<Object> outcomes) {
        return outcomes.stream()
                .filter(HeldLeases.class::isInstance)
                .map(HeldLeases.class::cast)
                .toList();
    }

    private static List<String> statuses(TableLeases leases) {
        Instant now = Instant.now();
        return leases.list().stream().map(lease -> lease.status(now)).toList();
    }

    /** A clock that stands still until moved. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * Fault injection: lease objects on a store that no longer answers; every write fails with
     * the SDK's refusal after {@code retrying} has passed on {@code clock}.
     */
    private record RetryingUnreachableLeaseObjects(LeaseObjects store, MovableClock clock, Duration retrying)
            implements LeaseObjects {
        @Override
        public Optional<Stored> read(String table) throws IOException {
            throw refused();
        }

        @Override
        public Optional<String> create(String table, byte[] content) throws IOException {
            throw refused();
        }

        @Override
        public Optional<String> replace(String table, String etag, byte[] content) throws IOException {
            throw refused();
        }

        @Override
        public List<String> tables() throws IOException {
            throw refused();
        }

        @Override
        public String location() {
            return store.location();
        }

        @Override
        public void close() {
            store.close();
        }

        private IOException refused() {
            clock.advance(retrying);
            return new IOException("Connect to 127.0.0.1:9000 failed: Connection refused");
        }
    }
}
