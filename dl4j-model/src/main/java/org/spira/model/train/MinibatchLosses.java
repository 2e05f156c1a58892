package org.spira.model.train;

import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The loss of every minibatch of an epoch, recorded by the training workers as they finish, and
 * summed in minibatch order (iteration, then worker) so the mean does not depend on which worker
 * finished first.
 */
final class MinibatchLosses {
    private static final int WORKER_BITS = 16;

    private final ConcurrentSkipListMap<Long, Double> byOrder = new ConcurrentSkipListMap<>();

    void record(int iteration, int worker, double loss) {
        byOrder.put(((long) iteration << WORKER_BITS) | worker, loss);
    }

    int count() {
        return byOrder.size();
    }

    /** The mean over recorded minibatches, NaN if none. */
    double mean() {
        double sum = 0;
        for (double loss : byOrder.values()) {
            sum += loss;
        }
        return byOrder.isEmpty() ? Double.NaN : sum / byOrder.size();
    }
}
