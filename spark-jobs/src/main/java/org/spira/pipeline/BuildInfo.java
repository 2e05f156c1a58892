package org.spira.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the running application was built from, written into the jar at build time: the
 * application version ({@code build.properties}, filtered by Maven) and the git commit
 * ({@code git.properties}, from {@code git rev-parse HEAD} at build time). A build without
 * git or {@code .git} (a source tarball) has no commit: it is then {@link #UNKNOWN}.
 *
 * @param appVersion the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param gitCommit the full id of the commit the jar was built from
 */
public record BuildInfo(String appVersion, String gitCommit) {
    public static final String UNKNOWN = "unknown";

    /** The build of the classes on the class path. */
    public static BuildInfo current() {
        Properties build = load("build.properties");
        Properties git = load("git.properties");
        return new BuildInfo(build.getProperty("app.version", UNKNOWN), git.getProperty("git.commit.id", UNKNOWN));
    }

    private static Properties load(String name) {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(name)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the application jar", e);
        }
        return properties;
    }
}
