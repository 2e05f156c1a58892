package org.spira.pipeline.lease;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Lease objects in a local folder ({@code file://} warehouses), with the object store's two
 * conditional writes. Create: the content is written to a temporary file, then hard-linked under
 * the lease's name, which fails atomically when the name exists. Replace: under an exclusive lock
 * of a lock file (between processes) and of this class (between threads of one JVM, which file
 * locks do not separate), the current version is compared and the new one renamed over it
 * atomically. The entity tag is the SHA-256 of the content.
 */
final class LocalLeaseObjects implements LeaseObjects {
    private static final String LOCK_FILE = ".lock";

    private final Path folder;

    LocalLeaseObjects(Path folder) {
        this.folder = folder;
    }

    @Override
    public Optional<Stored> read(String table) throws IOException {
        try {
            byte[] content = Files.readAllBytes(folder.resolve(table));
            return Optional.of(new Stored(content, etag(content)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> create(String table, byte[] content) throws IOException {
        Path staged = stage(content);
        try {
            Files.createLink(folder.resolve(table), staged);
            return Optional.of(etag(content));
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public Optional<String> replace(String table, String etag, byte[] content) throws IOException {
        Path staged = stage(content);
        try {
            synchronized (LocalLeaseObjects.class) {
                try (FileChannel lockFile = FileChannel.open(
                                folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = lockFile.lock()) {
                    Optional<Stored> current = read(table);
                    if (current.isEmpty() || !current.get().etag().equals(etag)) {
                        return Optional.empty();
                    }
                    Files.move(
                            staged,
                            folder.resolve(table),
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    return Optional.of(etag(content));
                }
            }
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public List<String> tables() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public String location() {
        return folder.toUri().toString();
    }

    @Override
    public void close() {}

    /** {@code content} in a new hidden file of the folder (the same file system, so links and renames work). */
    private Path stage(byte[] content) throws IOException {
        Files.createDirectories(folder);
        return Files.write(folder.resolve("." + UUID.randomUUID() + ".tmp"), content, StandardOpenOption.CREATE_NEW);
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
