# The command-line featurizer as an image; the same jar and libraries that bin/demo runs.
# Build from the repository root after `mvn -pl audio-core -am package -DskipTests`:
#   docker build -f docker/features.Dockerfile -t spira-features .
#   docker run --rm -v "$PWD/audio:/in:ro" -v "$PWD/out:/out" spira-features --output /out /in/a.wav
FROM eclipse-temurin:17-jre
COPY audio-core/target/lib/ /opt/spira/lib/
COPY audio-core/target/spira-features.jar /opt/spira/spira-features.jar
USER 65534:65534
ENTRYPOINT ["java", "-jar", "/opt/spira/spira-features.jar"]
