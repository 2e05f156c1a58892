package org.spira.pipeline.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.spira.pipeline.lease.Lease;
import org.spira.pipeline.lease.TableLeases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leases --warehouse URI [--break TABLE]}: lists the writer leases of a warehouse, one line
 * per table, or breaks one a dead run left behind. Runs no Spark; exit status 0, 1 (the store
 * failed) or 2 (usage).
 */
@Command(
        name = "leases",
        description = "Lists the writer leases of the warehouse's tables (who holds each, since when, until when),"
                + " or breaks the lease of a run that was killed so the next run need not wait for it to expire.")
final class LeasesCommand implements Callable<Integer> {
    @Mixin
    StageOptions options;

    @Option(
            names = "--break",
            paramLabel = "TABLE",
            description = "Breaks the lease of this table, whoever holds it. Only for a dead run's lease: a live"
                    + " holder fails at its next heartbeat (exit 1).")
    String breakTable;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            options.requireReachable(List.of());
            try (TableLeases leases = options.leases(options.load().leases())) {
                if (breakTable == null) {
                    list(leases.list(), out);
                } else {
                    Optional<Lease> broken = leases.breakLease(breakTable);
                    out.println(broken.map(
                                    lease -> "broke the lease of " + breakTable + ": " + describe(lease, Instant.now()))
                            .orElse("the lease of " + breakTable + " is not held: nothing to break"));
                }
            }
            out.flush();
            return ExitStatus.OK.code();
        } catch (RuntimeException e) {
            ExitStatus status = ExitStatus.of(e);
            PrintWriter err = spec.commandLine().getErr();
            err.println(status.word() + ": " + e.getMessage());
            err.flush();
            return status.code();
        }
    }

    private static void list(List<Lease> leases, PrintWriter out) {
        Instant now = Instant.now();
        if (leases.isEmpty()) {
            out.println("no writer leases");
        }
        for (Lease lease : leases) {
            out.println(lease.table() + " " + lease.status(now) + ": " + describe(lease, now));
        }
    }

    private static String describe(Lease lease, Instant now) {
        return lease.holder() + ", acquired " + lease.acquiredAt() + ", renewed " + lease.renewedAt()
                + (lease.free(now) ? "" : ", valid until " + lease.expiresAt());
    }
}
