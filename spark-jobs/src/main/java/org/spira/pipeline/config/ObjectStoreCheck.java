package org.spira.pipeline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before any Spark session starts, that a stage which touches an {@code s3a://} location
 * can reach it: an S3A endpoint is configured, the environment variables it refers to are set,
 * and so are the credentials that the AWS SDK's environment provider reads. Messages name the
 * setting or variable and the fix, never a value of a credential.
 *
 * @param spark the Spark configuration spark-submit passed ({@code spark.*} keys)
 * @param environment the driver's environment variables
 */
public record ObjectStoreCheck(Map<String, String> spark, Map<String, String> environment) {
    public static final String ENDPOINT = "spark.hadoop.fs.s3a.endpoint";
    public static final String PROVIDER = "spark.hadoop.fs.s3a.aws.credentials.provider";
    private static final String ENVIRONMENT_PROVIDER = "EnvironmentVariableCredentialsProvider";
    private static final String FIX =
            "pass --properties-file conf/spark-defaults.conf and export SPIRA_S3_ENDPOINT, AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY (for the local MinIO: eval \"$(bin/services env)\")";
    /** Hadoop's {@code ${env.NAME}} and {@code ${env.NAME:-default}} references. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env\\.([A-Za-z_][A-Za-z0-9_]*)(:?-[^}]*)?}");

    public ObjectStoreCheck {
        spark = Map.copyOf(spark);
        environment = Map.copyOf(environment);
    }

    /**
     * Passes when none of {@code locations} is an {@code s3a://} URI, or when S3A is configured.
     *
     * @param locations URIs the stage reads or writes (blank ones are ignored)
     * @throws ConfigException naming what is missing and how to set it
     */
    public void require(List<String> locations) {
        List<String> s3a = locations.stream()
                .filter(uri -> uri.toLowerCase(Locale.ROOT).startsWith("s3a://"))
                .toList();
        if (s3a.isEmpty()) {
            return;
        }
        String endpoint = spark.getOrDefault(ENDPOINT, "").strip();
        if (endpoint.isEmpty()) {
            throw new ConfigException(s3a.get(0) + " needs an S3 endpoint, but " + ENDPOINT + " is not set: " + FIX);
        }
        List<String> missing = unsetReferences(endpoint);
        if (spark.getOrDefault(PROVIDER, "").contains(ENVIRONMENT_PROVIDER)) {
            missing.addAll(unsetCredentials());
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(s3a.get(0) + " needs the environment variable(s) " + missing + " ("
                    + ENDPOINT + " = " + endpoint + ", " + PROVIDER + " = " + spark.getOrDefault(PROVIDER, "")
                    + "), which are not set: " + FIX);
        }
    }

    /** Variables referenced without a default that are unset or empty. */
    private List<String> unsetReferences(String value) {
        List<String> unset = new ArrayList<>();
        Matcher reference = ENV_REFERENCE.matcher(value);
        while (reference.find()) {
            if (reference.group(2) == null && isUnset(reference.group(1))) {
                unset.add(reference.group(1));
            }
        }
        return unset;
    }

    /** The AWS SDK v1 environment provider accepts either spelling of each variable. */
    private List<String> unsetCredentials() {
        List<String> unset = new ArrayList<>();
        if (isUnset("AWS_ACCESS_KEY_ID") && isUnset("AWS_ACCESS_KEY")) {
            unset.add("AWS_ACCESS_KEY_ID");
        }
        if (isUnset("AWS_SECRET_ACCESS_KEY") && isUnset("AWS_SECRET_KEY")) {
            unset.add("AWS_SECRET_ACCESS_KEY");
        }
        return unset;
    }

    private boolean isUnset(String variable) {
        return environment.getOrDefault(variable, "").isBlank();
    }
}
