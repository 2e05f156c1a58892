package org.spira.pipeline.lease;

import com.amazonaws.AmazonClientException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.S3Object;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.Constants;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.apache.hadoop.fs.s3a.S3ClientFactory;
import org.apache.hadoop.fs.s3a.S3ClientFactory.S3ClientCreationParameters;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Lease objects on an S3 store ({@code s3a://} warehouses): create is a PutObject with {@code
 * If-None-Match: *}, replace one with {@code If-Match: <etag>}; the store answers 412 (or 409 for
 * a conditional write racing another) when the condition fails. MinIO and S3 honour both headers
 * on PutObject (MinIO checked against the version bin/services runs: docs/stages.md).
 *
 * <p>The client is made the way S3A makes its own, from the same Hadoop settings (per-bucket
 * options, the client factory, endpoint, path-style access, credential providers, SSL), so a
 * warehouse S3A can write is a warehouse whose leases can be taken.
 */
final class S3LeaseObjects implements LeaseObjects {
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;

    private final AmazonS3 s3;
    private final String bucket;
    private final String prefix;

    private S3LeaseObjects(AmazonS3 s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** The lease objects under {@code root} ({@code s3a://bucket/path/}). */
    static S3LeaseObjects connect(URI root, Configuration hadoop) throws IOException {
        String bucket = root.getHost();
        Configuration conf = S3AUtils.propagateBucketOptions(hadoop, bucket);
        S3ClientFactory factory = ReflectionUtils.newInstance(
                conf.getClass(
                        Constants.S3_CLIENT_FACTORY_IMPL,
                        Constants.DEFAULT_S3_CLIENT_FACTORY_IMPL,
                        S3ClientFactory.class),
                conf);
        S3ClientCreationParameters parameters = new S3ClientCreationParameters()
                .withCredentialSet(S3AUtils.createAWSCredentialProviderSet(root, conf))
                .withEndpoint(conf.getTrimmed(Constants.ENDPOINT, Constants.DEFAULT_ENDPOINT))
                .withPathStyleAccess(conf.getBoolean(Constants.PATH_STYLE_ACCESS, false))
                .withUserAgentSuffix("spira-leases");
        String path = root.getPath().replaceFirst("^/", "");
        return new S3LeaseObjects(factory.createS3Client(root, parameters), bucket, path + FOLDER + "/");
    }

    @Override
    public Optional<Stored> read(String table) throws IOException {
        try (S3Object object = s3.getObject(bucket, prefix + table);
                InputStream in = object.getObjectContent()) {
            return Optional.of(
                    new Stored(in.readAllBytes(), object.getObjectMetadata().getETag()));
        } catch (AmazonS3Exception e) {
            if (e.getStatusCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw new IOException(e.getMessage(), e);
        } catch (AmazonClientException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> create(String table, byte[] content) throws IOException {
        return put(table, content, "If-None-Match", "*");
    }

    @Override
    public Optional<String> replace(String table, String etag, byte[] content) throws IOException {
        return put(table, content, "If-Match", '"' + etag.replace("\"", "") + '"');
    }

    @Override
    public List<String> tables() throws IOException {
        List<String> tables = new ArrayList<>();
        ListObjectsV2Request request =
                new ListObjectsV2Request().withBucketName(bucket).withPrefix(prefix);
        try {
            ListObjectsV2Result page;
            do {
                page = s3.listObjectsV2(request);
                for (S3ObjectSummary object : page.getObjectSummaries()) {
                    tables.add(object.getKey().substring(prefix.length()));
                }
                request.setContinuationToken(page.getNextContinuationToken());
            } while (page.isTruncated());
        } catch (AmazonClientException e) {
            throw new IOException(e.getMessage(), e);
        }
        return tables.stream().sorted().toList();
    }

    @Override
    public String location() {
        return "s3a://" + bucket + "/" + prefix.substring(0, prefix.length() - 1);
    }

    @Override
    public void close() {
        s3.shutdown();
    }

    /** A PutObject carrying the condition {@code header}; the new entity tag, or empty when the condition failed. */
    private Optional<String> put(String table, byte[] content, String header, String value) throws IOException {
        ObjectMetadata metadata = new ObjectMetadata();
        metadata.setContentLength(content.length);
        metadata.setContentType("application/json");
        PutObjectRequest request =
                new PutObjectRequest(bucket, prefix + table, new ByteArrayInputStream(content), metadata);
        request.putCustomRequestHeader(header, value);
        try {
            return Optional.of(s3.putObject(request).getETag());
        } catch (AmazonS3Exception e) {
            int status = e.getStatusCode();
            if (status == PRECONDITION_FAILED || status == CONFLICT || status == NOT_FOUND) {
                return Optional.empty();
            }
            throw new IOException(e.getMessage(), e);
        } catch (AmazonClientException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
