package org.spira.model.train;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The minibatches of one epoch as a DL4J {@link DataSetIterator}: each {@link #next()} fetches
 * the next planned minibatch's windows from the {@link WindowSource} and assembles them, so at
 * most the prefetch buffer's minibatches are in memory. Minibatches differ in size (K recordings
 * with all their windows); nothing downstream re-batches them.
 */
final class EpochIterator implements DataSetIterator {
    private final List<PlannedMinibatch> minibatches;
    private final WindowSource source;
    private final MinibatchAssembler assembler;
    private final int recordingsPerBatch;
    private Iterator<Collection<TrainingWindow>> fetched;
    private int position;

    EpochIterator(EpochPlan plan, WindowSource source, MinibatchAssembler assembler) {
        this.minibatches = plan.minibatches();
        this.source = source;
        this.assembler = assembler;
        this.recordingsPerBatch = plan.recordingsPerBatch();
        reset();
    }

    @Override
    public boolean hasNext() {
        return position < minibatches.size();
    }

    @Override
    public DataSet next() {
        PlannedMinibatch batch = minibatches.get(position++);
        return assembler.assemble(batch.recordings(), fetched.next());
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("minibatches are planned as whole recordings; call next()");
    }

    @Override
    public int inputColumns() {
        return -1;
    }

    @Override
    public int totalOutcomes() {
        return 1;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        fetched = source.fetchAll(minibatches);
        position = 0;
    }

    /** Recordings per minibatch (K); the number of windows varies from minibatch to minibatch. */
    @Override
    public int batch() {
        return recordingsPerBatch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("MFCC windows are fed as stored; normalisation belongs to the model");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
