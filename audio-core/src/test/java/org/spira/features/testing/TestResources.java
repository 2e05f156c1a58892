package org.spira.features.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Files under {@code src/test/resources}, found on the test class path. */
public final class TestResources {

    private TestResources() {}

    /**
     * The file at {@code name} relative to the test resources root, for example
     * {@code "npy/numpy-v1-2x3x4.npy"}.
     *
     * @throws IllegalStateException if it is not on the class path
     */
    public static Path path(String name) {
        URL url = TestResources.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is not on the class path;"
                    + " check src/test/resources and rerun mvn test so it is copied to target/test-classes");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test resource " + name + " has an invalid URL " + url, e);
        }
    }

    /** All bytes of the test resource at {@code name}. */
    public static byte[] bytes(String name) {
        return SharedData.bytes(path(name));
    }
}
