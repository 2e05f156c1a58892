package org.spira.pipeline.lease;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.spira.pipeline.config.ConfigException;

/**
 * The lease objects of one warehouse, one per table, under {@code <warehouse>/_leases/}, with the
 * two conditional writes leases are made of: create only if absent, and replace only the version
 * that was read (compared by entity tag). Objects are never deleted: a released lease is replaced
 * by a released one, so every change is one of those two atomic writes.
 */
interface LeaseObjects extends AutoCloseable {
    /** The folder leases are kept in, below every warehouse root. */
    String FOLDER = "_leases";

    /** A stored version of a lease object: its bytes and its entity tag. */
    record Stored(byte[] content, String etag) {}

    /** The table's lease object, or empty when it was never created. */
    Optional<Stored> read(String table) throws IOException;

    /** Creates the table's lease object with {@code content} unless it exists; its entity tag, else empty. */
    Optional<String> create(String table, byte[] content) throws IOException;

    /**
     * Replaces the table's lease object with {@code content} only if it is still the version tagged
     * {@code etag}; the new entity tag, else empty (another writer changed it first).
     */
    Optional<String> replace(String table, String etag, byte[] content) throws IOException;

    /** The tables that have a lease object, sorted. */
    List<String> tables() throws IOException;

    /** Where the lease objects are, for messages: {@code <warehouse>/_leases}. */
    String location();

    @Override
    void close();

    /**
     * The lease objects of {@code warehouse}: on the object store itself for {@code s3a://}
     * (through S3A's own client factory and settings), in a local folder for {@code file://}.
     *
     * @param hadoop the Hadoop configuration the stages' S3A file systems are made from
     * @throws ConfigException for any other kind of warehouse URI
     */
    static LeaseObjects of(String warehouse, Configuration hadoop) throws IOException {
        URI root = URI.create(warehouse.endsWith("/") ? warehouse : warehouse + "/");
        String scheme = Optional.ofNullable(root.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "s3a" -> S3LeaseObjects.connect(root, hadoop);
            case "file" -> new LocalLeaseObjects(Path.of(root).resolve(FOLDER));
            default -> throw new ConfigException("the warehouse " + warehouse + " is neither file:// nor s3a://:"
                    + " writer leases need one of the two; pass --warehouse file:///path or s3a://bucket/path");
        };
    }
}
