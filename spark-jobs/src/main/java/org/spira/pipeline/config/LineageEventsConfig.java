package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the OpenLineage run events every stage emits ({@code spira.lineage-events}): where
 * they go and under which namespace.
 *
 * @param transport where the events go
 * @param folder the driver's local folder of event files ({@link Transport#FILE}), relative to its
 *     working directory unless absolute; one file per stage run
 * @param url the lineage server's base URL ({@link Transport#HTTP}); events are POSTed to its
 *     {@code /api/v1/lineage}
 * @param namespace the OpenLineage namespace of the stages' jobs
 */
public record LineageEventsConfig(Transport transport, String folder, Optional<URI> url, String namespace) {
    public static final String TRANSPORT_KEY = "spira.lineage-events.transport";
    public static final String FOLDER_KEY = "spira.lineage-events.folder";
    public static final String URL_KEY = "spira.lineage-events.url";

    /** Where the events go. */
    public enum Transport {
        /** One file of JSON lines per stage run in {@link #folder}. */
        FILE,
        /** The driver's log (log4j, INFO). */
        CONSOLE,
        /** POSTed to {@link #url}, for example Marquez. */
        HTTP,
        /** No events, and no OpenLineage listener in the session. */
        NONE;

        /** The name the key takes, and the OpenLineage transport type. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final Setting<LineageEventsConfig, Transport> TRANSPORT = Setting.of(
                    TRANSPORT_KEY,
                    Type.choice(List.of(Transport.values()), Transport::key),
                    Transport.FILE,
                    LineageEventsConfig::transport)
            .help("Where every stage's OpenLineage run events go: file (JSON lines in "
                    + FOLDER_KEY + "), console (the driver's log), http (POSTed to " + URL_KEY
                    + "), or none (no events).");
    static final Setting<LineageEventsConfig, String> FOLDER = Setting.of(
                    FOLDER_KEY, Type.TEXT, "lineage-events", LineageEventsConfig::folder)
            .rule(folder -> !folder.isEmpty() && !folder.contains("://"), "a local folder path (not a URI)")
            .help("Folder of the event files (transport file) on the driver's machine, relative to the"
                    + " driver's working directory unless absolute; created when missing. Each stage run writes"
                    + " STAGE-RUNID.ndjson (the stage run's OpenLineage run id), one event per line.");
    static final Setting<LineageEventsConfig, Optional<URI>> URL = Setting.of(
                    URL_KEY,
                    Type.OPTIONAL_TEXT.<Optional<URI>>map(
                            "an http:// or https:// URI without credentials (\"\" for none)",
                            text -> text.map(t -> ServerUri.parse(URL_KEY, t)),
                            uri -> uri.map(URI::toString)),
                    Optional.empty(),
                    LineageEventsConfig::url)
            .help("Base URL of the lineage server (transport http), e.g. Marquez's http://host:5000;"
                    + " events are POSTed to URL/api/v1/lineage. Required with transport http.");
    static final Setting<LineageEventsConfig, String> NAMESPACE = Setting.of(
                    "spira.lineage-events.namespace", Type.TEXT, "spira", LineageEventsConfig::namespace)
            .rule(
                    name -> name.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}"),
                    "1 to 100 letters, digits, '_', '-' or '.'")
            .help("OpenLineage namespace of the stages' jobs (the Spark integration's and the stages' own).");

    static final Settings<LineageEventsConfig> SETTINGS = new Settings<>(
            "spira.lineage-events",
            "OpenLineage run events of every stage: the Spark integration's (openlineage-spark) and one"
                    + " per stage run with its Delta tables at their versions (docs/lineage-events.md).",
            List.of(TRANSPORT, FOLDER, URL, NAMESPACE));

    public LineageEventsConfig {
        url.ifPresent(u -> ServerUri.check(URL_KEY, u));
        if (transport == Transport.HTTP && url.isEmpty()) {
            throw new ConfigException(TRANSPORT_KEY + " = http needs " + URL_KEY + ": set it to the lineage"
                    + " server's base URL, e.g. --set " + URL_KEY + "=http://127.0.0.1:5000, or choose "
                    + TRANSPORT_KEY + " = file");
        }
    }

    static LineageEventsConfig from(Config c) {
        return new LineageEventsConfig(TRANSPORT.read(c), FOLDER.read(c), URL.read(c), NAMESPACE.read(c));
    }
}
