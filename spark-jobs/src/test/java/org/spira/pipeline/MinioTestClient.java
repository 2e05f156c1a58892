package org.spira.pipeline;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.util.Map;

/**
 * The AWS SDK's S3 client for the local MinIO, from the environment of {@code eval
 * "$(bin/services env)"} (SPIRA_S3_ENDPOINT and the credentials): the tests' independent view of
 * the objects the stages and the MLflow server write. The caller shuts it down.
 */
public final class MinioTestClient {
    private MinioTestClient() {}

    public static AmazonS3 connect(Map<String, String> environment) {
        return AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(environment.get("SPIRA_S3_ENDPOINT"), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(
                        environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"))))
                .build();
    }
}
