package org.spira.model.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Native thread counts of a training thread. ND4J's operations, oneDNN's kernels and OpenBLAS
 * each start threads of their own, as many as the machine has cores by default; with several
 * ParallelWrapper workers on one machine each would start that many and they would compete for
 * the cores. OpenMP's count is a setting of the calling thread, so every worker applies it on its
 * own thread before it trains.
 */
final class WorkerThreads {
    private WorkerThreads() {}

    /** The cores of this JVM shared evenly among {@code workers}, at least one each. */
    static int perWorker(int workers) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    }

    /** Limits the calling thread's ND4J, OpenMP (oneDNN) and OpenBLAS threads to {@code threads}. */
    static void apply(int threads) {
        // Nd4j first: it loads the native backend that NativeOpsHolder needs.
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
