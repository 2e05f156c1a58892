# One image for every service of docker/compose.yaml: the repository and what its bin/ scripts
# install (Java 17 and Maven, MinIO built from source, pyspark 3.5.9 as the Spark distribution,
# the S3A and Delta jars, the notebook virtualenv), plus the built application jar.
# Build from the repository root (compose does): docker compose -f docker/compose.yaml build
# Untested here: the machines this project is developed on have no Docker engine.

# MinIO needs Go >= 1.24, newer than Debian 12's; bin/services builds it in a Go image.
FROM golang:1.24-bookworm AS minio
WORKDIR /opt/spira
COPY bin/services bin/services
RUN bin/services install minio

FROM debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jdk-headless maven python3 python3-venv curl ca-certificates procps \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/spira
COPY --from=minio /opt/spira/.tools/go/bin/minio .tools/go/bin/minio
COPY pom.xml ./
COPY .mvn .mvn
# Every module the parent pom lists must be present for Maven to load the build.
COPY audio-core audio-core
COPY feature-udfs feature-udfs
COPY evaluation evaluation
COPY dl4j-model dl4j-model
COPY spark-jobs spark-jobs
COPY benchmarks benchmarks
COPY conf conf
COPY bin bin
COPY notebooks-exported notebooks-exported
RUN bin/setup \
 && bin/services install spark \
 && bin/setup-python notebooks-exported/requirements.txt \
 && mvn -B -q -ntp -pl spark-jobs -am package -DskipTests
# What `bin/services env` prints on a machine that runs the services itself; here every
# container has the same paths, so drivers and executors read the jars in place.
ENV SPARK_HOME=/opt/spira/.tools/spark/venv/lib/python3.11/site-packages/pyspark \
    PYSPARK_PYTHON=/opt/spira/.tools/spark/venv/bin/python \
    SPIRA_SPARK_CLASSPATH=/root/.m2/repository/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar:/root/.m2/repository/com/amazonaws/aws-java-sdk-bundle/1.12.262/aws-java-sdk-bundle-1.12.262.jar:/root/.m2/repository/io/delta/delta-spark_2.12/3.3.3/delta-spark_2.12-3.3.3.jar:/root/.m2/repository/io/delta/delta-storage/3.3.3/delta-storage-3.3.3.jar
