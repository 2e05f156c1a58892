# The command-line featurizer as an image: the jar and libraries of `spira-features`
# (docs/features.md), on Debian 12's Java 17. Build from the repository root after
#   mvn -pl audio-core -am package -DskipTests && bin/docker-base
#   docker build -f docker/features.Dockerfile -t spira-features .
#   docker run --rm -v "$PWD/audio:/in:ro" -v "$PWD/out:/out" spira-features --output /out /in/a.wav
FROM debian:bookworm
# local CA certificates to trust besides Debian's (docker/ca-certificates/README.md)
COPY docker/ca-certificates/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*
COPY audio-core/target/lib/ /opt/spira/lib/
COPY audio-core/target/spira-features.jar /opt/spira/spira-features.jar
USER 65534:65534
ENTRYPOINT ["java", "-jar", "/opt/spira/spira-features.jar"]
