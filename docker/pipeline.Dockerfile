# One image for every service of docker/compose.yaml: the repository's bin/ scripts and conf/, what
# they install (MinIO built from source, pyspark 3.5.9 as the Spark distribution, the S3A and Delta
# jars, the MLflow server's and the notebook's virtualenvs) on Debian 12's Java 17 and Python 3.11,
# and the application jar the host built. Build from the repository root, after
#   mvn -pl spark-jobs -am package -DskipTests          (spark-jobs/target/spira-pipeline.jar)
#   bin/docker-base                                     (debian:bookworm: pulled, or made locally)
#   DOCKER_BUILDKIT=1 docker build --network host -f docker/pipeline.Dockerfile -t spira-pipeline:dev .
# (docker compose -f docker/compose.yaml build does the last step). BuildKit is needed: the Go,
# Maven and pip downloads are cache mounts, kept by the engine between builds, not image layers.

FROM debian:bookworm AS base
# local CA certificates to trust besides Debian's (docker/ca-certificates/README.md)
COPY docker/ca-certificates/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless python3 python3-venv curl ca-certificates procps \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/spira

# MinIO needs Go >= 1.24; Debian 12 has 1.19, and 1.23 in bookworm-backports, which fetches the
# toolchain that MinIO's go.mod names through the Go module proxy (GOTOOLCHAIN). A binary that the
# host's `bin/services install minio` built, in the build context, is kept when it is the version
# bin/services pins (its own check); otherwise MinIO is built here from source.
FROM debian:bookworm AS minio
ARG GO_TOOLCHAIN=go1.24.8
COPY docker/ca-certificates/ /usr/local/share/ca-certificates/
RUN sed -n '1,/^$/p' /etc/apt/sources.list.d/debian.sources \
      | sed 's/^Suites:.*/Suites: bookworm-backports/' >/etc/apt/sources.list.d/backports.sources \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -t bookworm-backports \
      golang-1.23-go ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/spira
# the glob matches nothing when the host has not built MinIO; bin/services always matches
COPY bin/services .tool[s]/go/bin/mini[o] /tmp/context/
RUN --mount=type=cache,id=spira-go-mod,target=/root/go/pkg/mod \
    --mount=type=cache,id=spira-go-build,target=/root/.cache/go-build \
    mkdir -p bin .tools/go/bin && mv /tmp/context/services bin/services \
 && if [ -f /tmp/context/minio ]; then mv /tmp/context/minio .tools/go/bin/minio; fi \
 && PATH="$(GOTOOLCHAIN=$GO_TOOLCHAIN /usr/lib/go-1.23/bin/go env GOROOT)/bin:$PATH" bin/services install minio \
 && cp .tools/go/bin/minio /usr/local/bin/minio

# The Python virtualenvs and the jars Spark needs beside its own, fetched by bin/services with
# Maven (only in this stage) into a cached repository, then copied out.
FROM base AS tools
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven \
 && rm -rf /var/lib/apt/lists/*
COPY bin/services bin/setup-python bin/
COPY docker/mlflow-requirements.txt docker/
COPY notebooks-exported/requirements.txt notebooks-exported/
RUN --mount=type=cache,id=spira-m2,target=/root/.m2 \
    --mount=type=cache,id=spira-pip,target=/root/.cache/pip \
    bin/services install spark mlflow \
 && bin/setup-python notebooks-exported/requirements.txt >/dev/null \
 && for jar in $(bin/services classpath | tr : ' '); do install -D -m 644 "$jar" "/opt/m2/${jar#/root/.m2/}"; done

FROM base
COPY --from=minio /usr/local/bin/minio .tools/go/bin/minio
COPY --from=tools /opt/m2/ /root/.m2/
COPY --from=tools /opt/spira/.tools/ .tools/
COPY bin bin
COPY conf conf
COPY docker/mlflow-requirements.txt docker/
COPY notebooks-exported notebooks-exported
# What `bin/services env` prints on a machine that runs the services itself: every container has
# the same paths, so drivers and executors read the jars in place. Checked against bin/services.
ENV SPARK_HOME=/opt/spira/.tools/spark/venv/lib/python3.11/site-packages/pyspark \
    PYSPARK_PYTHON=/opt/spira/.tools/spark/venv/bin/python \
    SPIRA_SPARK_CLASSPATH=/root/.m2/repository/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar:/root/.m2/repository/com/amazonaws/aws-java-sdk-bundle/1.12.262/aws-java-sdk-bundle-1.12.262.jar:/root/.m2/repository/io/delta/delta-spark_2.12/3.3.3/delta-spark_2.12-3.3.3.jar:/root/.m2/repository/io/delta/delta-storage/3.3.3/delta-storage-3.3.3.jar \
    SPIRA_PIPELINE_JAR=/opt/spira/spira-pipeline.jar
RUN [ "$(bin/services classpath)" = "$SPIRA_SPARK_CLASSPATH" ] \
      || { echo "SPIRA_SPARK_CLASSPATH differs from bin/services classpath: update this Dockerfile's ENV"; exit 1; } \
 && [ -x "$SPARK_HOME/bin/spark-submit" ] \
      || { echo "no spark-submit under SPARK_HOME=$SPARK_HOME: update this Dockerfile's ENV"; exit 1; }
COPY spark-jobs/target/spira-pipeline.jar spira-pipeline.jar
