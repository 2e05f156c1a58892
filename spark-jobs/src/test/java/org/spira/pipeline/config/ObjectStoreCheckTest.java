package org.spira.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.spira.pipeline.ServiceUnavailableException;

/** The S3A settings of conf/spark-defaults.conf, checked against the environment before Spark starts. */
class ObjectStoreCheckTest {
    private static final Map<String, String> DEFAULTS = Map.of(
            ObjectStoreCheck.ENDPOINT, "${env.SPIRA_S3_ENDPOINT}",
            ObjectStoreCheck.PROVIDER, "com.amazonaws.auth.EnvironmentVariableCredentialsProvider");
    private static final String SECRET = "s3cr3t-value-never-shown";
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "SPIRA_S3_ENDPOINT", "http://127.0.0.1:9000",
            "AWS_ACCESS_KEY_ID", "spira-user",
            "AWS_SECRET_ACCESS_KEY", SECRET);

    @Test
    void localLocationsNeedNoObjectStore() {
        assertDoesNotThrow(() -> new ObjectStoreCheck(Map.of(), Map.of())
                .require(List.of("file:///tmp/warehouse", "/data/manifest.csv", "")));
    }

    @Test
    void anS3aLocationWithoutAnEndpointNamesTheSettingAndTheProfile() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ObjectStoreCheck(Map.of(), ENVIRONMENT)
                .require(List.of("S3A://bucket/warehouse")));
        assertTrue(e.getMessage().contains(ObjectStoreCheck.ENDPOINT), e.getMessage());
        assertTrue(e.getMessage().contains("conf/spark-defaults.conf"), e.getMessage());
    }

    @Test
    void anUnsetEndpointVariableIsNamed() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> new ObjectStoreCheck(DEFAULTS, without("SPIRA_S3_ENDPOINT"))
                        .require(List.of("file:///w", "s3a://bucket/noise")));
        assertTrue(e.getMessage().startsWith("s3a://bucket/noise needs"), e.getMessage());
        assertTrue(e.getMessage().contains("[SPIRA_S3_ENDPOINT]"), e.getMessage());
    }

    @Test
    void aReferenceWithADefaultNeedsNoVariable() {
        Map<String, String> spark =
                Map.of(ObjectStoreCheck.ENDPOINT, "${env.SPIRA_S3_ENDPOINT:-http://127.0.0.1:9000}");
        assertDoesNotThrow(() -> new ObjectStoreCheck(spark, Map.of()).require(List.of("s3a://bucket/w")));
    }

    @Test
    void missingCredentialsAreNamedAndNoCredentialValueIsShown() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> new ObjectStoreCheck(DEFAULTS, without("AWS_ACCESS_KEY_ID"))
                        .require(List.of("s3a://bucket/w")));
        assertTrue(e.getMessage().contains("[AWS_ACCESS_KEY_ID]"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("AWS_SECRET_ACCESS_KEY]"), e.getMessage());
    }

    @Test
    void theSdksAlternativeSpellingsCount() {
        Map<String, String> environment =
                Map.of("SPIRA_S3_ENDPOINT", "http://127.0.0.1:9000", "AWS_ACCESS_KEY", "u", "AWS_SECRET_KEY", "p");
        assertDoesNotThrow(() -> new ObjectStoreCheck(DEFAULTS, environment).require(List.of("s3a://bucket/w")));
    }

    @Test
    void credentialsFromAnotherProviderAreNotRequiredInTheEnvironment() {
        Map<String, String> spark = Map.of(ObjectStoreCheck.ENDPOINT, "http://minio:9000");
        assertDoesNotThrow(() -> new ObjectStoreCheck(spark, Map.of()).require(List.of("s3a://bucket/w")));
    }

    @Test
    void theEndpointIsResolvedAsS3aWouldConnectToIt() {
        assertEquals(URI.create("http://127.0.0.1:9000"), new ObjectStoreCheck(DEFAULTS, ENVIRONMENT).endpoint());
        Map<String, String> withDefault =
                Map.of(ObjectStoreCheck.ENDPOINT, "${env.SPIRA_S3_ENDPOINT:-http://minio:9000}");
        assertEquals(URI.create("http://minio:9000"), new ObjectStoreCheck(withDefault, Map.of()).endpoint());
        assertEquals(URI.create("http://127.0.0.1:9000"), new ObjectStoreCheck(withDefault, ENVIRONMENT).endpoint());
        assertEquals(
                URI.create("https://s3.example.org"),
                new ObjectStoreCheck(Map.of(ObjectStoreCheck.ENDPOINT, "s3.example.org"), Map.of()).endpoint());
        Map<String, String> plain = Map.of(ObjectStoreCheck.ENDPOINT, "minio:9000", ObjectStoreCheck.SSL, "false");
        assertEquals(URI.create("http://minio:9000"), new ObjectStoreCheck(plain, Map.of()).endpoint());
    }

    @Test
    void anEndpointThatAnswersPassesEvenWhenItRefusesTheAnonymousRequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        store.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        store.start();
        try {
            Map<String, String> spark = Map.of(
                    ObjectStoreCheck.ENDPOINT,
                    "http://127.0.0.1:" + store.getAddress().getPort());
            assertDoesNotThrow(() -> new ObjectStoreCheck(spark, Map.of()).requireAnswering(List.of("s3a://b/w")));
            assertEquals(1, requests.get());
        } finally {
            store.stop(0);
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerIsNamedWithTheFix() throws Exception {
        String endpoint = "http://127.0.0.1:" + closedPort();
        Map<String, String> spark = Map.of(ObjectStoreCheck.ENDPOINT, endpoint);
        ServiceUnavailableException e =
                assertThrows(ServiceUnavailableException.class, () -> new ObjectStoreCheck(spark, Map.of())
                        .requireAnswering(List.of("file:///w", "s3a://b/w")));
        assertTrue(e.getMessage().startsWith("the object store at " + endpoint + " "), e.getMessage());
        assertTrue(e.getMessage().contains("bin/services start minio"), e.getMessage());
        assertDoesNotThrow(() -> new ObjectStoreCheck(spark, Map.of()).requireAnswering(List.of("file:///w")));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again: nothing listens there
        }
    }

    private static Map<String, String> without(String variable) {
        Map<String, String> environment = new java.util.HashMap<>(ENVIRONMENT);
        environment.remove(variable);
        return environment;
    }
}
