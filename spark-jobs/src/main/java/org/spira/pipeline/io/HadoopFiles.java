package org.spira.pipeline.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Whole-file reads through Hadoop's file systems (file://, s3a://), and lazy partition mapping. */
public final class HadoopFiles {
    private HadoopFiles() {}

    /** Every byte of {@code file}. */
    public static byte[] readAll(Path file, Configuration hadoop) throws IOException {
        try (InputStream in = file.getFileSystem(hadoop).open(file)) {
            return in.readAllBytes();
        }
    }

    /** {@code rows} mapped one at a time as they are consumed, never materialized. */
    public static <I, O> Iterator<O> mapLazily(Iterator<I> rows, Function<I, O> map) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false)
                .map(map)
                .iterator();
    }
}
