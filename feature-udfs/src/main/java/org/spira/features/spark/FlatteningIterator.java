package org.spira.features.spark;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Lazily maps each input element to a list of outputs and iterates over their concatenation. */
final class FlatteningIterator<I, O> implements Iterator<O> {
    private final Iterator<I> input;
    private final Function<I, List<O>> expand;
    private Iterator<O> current = Collections.emptyIterator();

    FlatteningIterator(Iterator<I> input, Function<I, List<O>> expand) {
        this.input = input;
        this.expand = expand;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && input.hasNext()) {
            current = expand.apply(input.next()).iterator();
        }
        return current.hasNext();
    }

    @Override
    public O next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
