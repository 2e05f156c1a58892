package org.spira.pipeline.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.spira.pipeline.io.StorageException;

/**
 * A run's artifacts through the tracking server's artifact proxy ({@code mlflow server
 * --serve-artifacts}): files are streamed over HTTP to and from the server, which stores them
 * in its artifact destination (a MinIO bucket here). Never the MLflow client's artifact calls,
 * which fork a Python process.
 */
final class ArtifactProxy {
    private static final String ANCHOR = MlflowApi.ARTIFACTS + "/";

    private final MlflowApi api;
    private final String root;

    /**
     * @param root the run's artifact root below the proxy, e.g. {@code 1/<run id>/artifacts}
     */
    ArtifactProxy(MlflowApi api, String root) {
        this.api = api;
        this.root = root;
    }

    /**
     * The proxy root of a run's artifact URI ({@code mlflow-artifacts:/1/<run>/artifacts} or
     * {@code http://host/api/2.0/mlflow-artifacts/artifacts/1/<run>/artifacts}).
     *
     * @throws TrackingException when the run's artifacts are not served by the proxy
     */
    static String rootOf(String artifactUri) {
        URI uri = URI.create(artifactUri);
        if ("mlflow-artifacts".equals(uri.getScheme())) {
            return uri.getPath().replaceFirst("^/+", "");
        }
        if (uri.getPath() != null && uri.getPath().contains(ANCHOR)) {
            return uri.getPath().substring(uri.getPath().indexOf(ANCHOR) + ANCHOR.length());
        }
        throw new TrackingException(
                "the run's artifact location " + artifactUri + " is not served by the tracking server's"
                        + " artifact proxy: use a server started with --serve-artifacts (bin/services does) and an"
                        + " experiment created through it",
                null);
    }

    /**
     * Uploads a file to {@code <directory>/<file name>}, or a folder's files (recursively) below
     * {@code directory}; {@code ""} is the run's artifact root.
     */
    void upload(Path source, String directory) {
        if (Files.isRegularFile(source)) {
            put(source, join(directory, source.getFileName().toString()));
            return;
        }
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("no file or folder to upload at " + source);
        }
        for (Path file : filesBelow(source)) {
            put(file, join(directory, source.relativize(file).toString().replace('\\', '/')));
        }
    }

    /** The entries directly inside {@code directory} ({@code ""} = the root). */
    List<ArtifactFile> list(String directory) {
        String where = join(root, checkPath(directory));
        HttpResponse<InputStream> response = api.artifacts(
                "list artifacts " + directory,
                "GET",
                "",
                MlflowApi.query(Map.of("path", where)),
                BodyPublishers.noBody());
        JsonNode files = parseList(api.readBody("list artifacts " + directory, response));
        List<ArtifactFile> entries = new ArrayList<>();
        for (JsonNode file : files.path("files")) {
            entries.add(new ArtifactFile(
                    join(directory, file.path("path").asText()),
                    file.path("is_dir").asBoolean(false),
                    file.path("file_size").asLong(0)));
        }
        return entries;
    }

    /**
     * Downloads {@code path}: a folder's files, recursively, into {@code target} (keeping their
     * paths below {@code path}); a file to {@code target/<file name>}.
     *
     * @return the folder or file written
     */
    Path download(String path, Path target) {
        List<ArtifactFile> entries = list(path);
        try {
            Files.createDirectories(target);
            if (entries.isEmpty()) {
                if (path.isEmpty()) {
                    throw new TrackingException("there are no artifacts at " + root, null);
                }
                Path file = target.resolve(path.substring(path.lastIndexOf('/') + 1));
                fetch(path, file);
                return file;
            }
            for (ArtifactFile entry : entries) {
                Path local = target.resolve(entry.path().substring(path.isEmpty() ? 0 : path.length() + 1));
                if (entry.directory()) {
                    download(entry.path(), local);
                } else {
                    fetch(entry.path(), local);
                }
            }
            return target;
        } catch (IOException e) {
            throw new StorageException(
                    "cannot write the artifacts of " + path + " to " + target + ": check the local disk", e);
        }
    }

    private void put(Path file, String path) {
        try {
            api.readBody(
                    "upload artifact " + path,
                    api.artifacts(
                            "upload artifact " + path,
                            "PUT",
                            "/" + join(root, checkPath(path)),
                            "",
                            BodyPublishers.ofFile(file)));
        } catch (FileNotFoundException e) {
            throw new StorageException("cannot read " + file + " to upload it", e);
        }
    }

    private void fetch(String path, Path file) throws IOException {
        HttpResponse<InputStream> response = api.artifacts(
                "download artifact " + path, "GET", "/" + join(root, checkPath(path)), "", BodyPublishers.noBody());
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (InputStream in = response.body()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static JsonNode parseList(String body) {
        try {
            return MlflowApi.JSON.readTree(body);
        } catch (IOException e) {
            throw new TrackingException("list artifacts: the MLflow server's answer is not JSON", e);
        }
    }

    private static List<Path> filesBelow(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new StorageException("cannot list the files below " + folder + " to upload them", e);
        }
    }

    /** Artifact paths are relative and stay inside the run: no leading '/', no '..'. */
    static String checkPath(String path) {
        if (path.startsWith("/")
                || path.contains("\\")
                || List.of(path.split("/")).contains("..")) {
            throw new IllegalArgumentException(
                    "artifact path '" + path + "' must be relative, '/'-separated and without '..'");
        }
        return path;
    }

    private static String join(String directory, String name) {
        if (name.isEmpty()) {
            return directory;
        }
        return directory.isEmpty() ? name : directory.replaceFirst("/+$", "") + "/" + name;
    }
}
