package io.lakeobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** S3Proxy must check presigned URLs as S3 does, or the ingest API's URL binding is untested. */
class PresignedUrlTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = EmbeddedStack.builder().tables(prefix -> List.of()).notificationPollInterval(Duration.ZERO).start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void acceptsTheSignedRequestAndRejectsTamperedOnes() throws Exception {
        final byte[] body = "block bytes".getBytes(StandardCharsets.UTF_8);
        final PresignedPutObjectRequest presigned = presignPut("blocks/p1/s1/b1", body.length);

        assertThat(put(tamperSignature(presigned.url().toString()), body)).isEqualTo(403);
        assertThat(put(presigned.url().toString().replace("/b1?", "/b2?"), body)).isEqualTo(403);
        assertThat(objectExists("blocks/p1/s1/b2")).isFalse();

        assertThat(put(presigned.url().toString(), body)).isEqualTo(200);
        assertThat(stack.s3().getObjectAsBytes(get -> get.bucket(stack.rawBucket()).key("blocks/p1/s1/b1")).asByteArray())
                .isEqualTo(body);
    }

    @Test
    void rejectsAUrlSignedWithAnotherSecret() throws Exception {
        final byte[] body = {1, 2, 3};
        try (S3Presigner stranger = S3Presigner.builder()
                .endpointOverride(stack.s3Endpoint())
                .region(Region.of(EmbeddedStack.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedStack.ACCESS_KEY, "not-the-secret")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            final String url = stranger.presignPutObject(presign -> presign
                    .signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(put -> put.bucket(stack.rawBucket()).key("blocks/p1/s1/stranger")
                            .contentLength((long) body.length))).url().toString();
            assertThat(put(url, body)).isEqualTo(403);
        }
        assertThat(objectExists("blocks/p1/s1/stranger")).isFalse();
    }

    @Test
    void rejectsABodyOfAnotherLengthThanSigned() throws Exception {
        final String url = presignPut("blocks/p1/s1/sized", 4).url().toString();
        assertThat(put(url, new byte[5])).isBetween(400, 403);
        assertThat(objectExists("blocks/p1/s1/sized")).isFalse();
        assertThat(put(url, new byte[4])).isEqualTo(200);
    }

    @Test
    void rejectsUnsignedAmzHeadersAsS3Does() throws Exception {
        final byte[] body = {1, 2, 3, 4};
        final String url = presignPut("blocks/p1/s1/acl", body.length).url().toString();
        final List<String> before = keys();
        for (final String[] header : List.of(new String[] {"x-amz-acl", "public-read"},
                new String[] {"X-Amz-Meta-Owner", "someone-else"}, new String[] {"x-amz-storage-class", "GLACIER"})) {
            final HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header(header[0], header[1]).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(header[0]).isEqualTo(403);
            assertThat(refused.body()).contains("<Code>AccessDenied</Code>")
                    .contains("<HeadersNotSigned>" + header[0].toLowerCase(java.util.Locale.ROOT) + "</HeadersNotSigned>");
        }
        assertThat(keys()).isEqualTo(before);
        assertThat(put(url, body)).isEqualTo(200);
        // a request signed in its headers (not presigned) is S3Proxy's to check, as before
        stack.s3().putObjectAcl(acl -> acl.bucket(stack.rawBucket()).key("blocks/p1/s1/acl")
                .acl(software.amazon.awssdk.services.s3.model.ObjectCannedACL.PRIVATE));
    }

    private static List<String> keys() {
        return stack.s3().listObjectsV2(list -> list.bucket(stack.rawBucket())).contents().stream()
                .map(o -> o.key() + " " + o.eTag()).toList();
    }

    private static PresignedPutObjectRequest presignPut(final String key, final long contentLength) {
        return stack.s3Presigner().presignPutObject(presign -> presign
                .signatureDuration(Duration.ofMinutes(10))
                .putObjectRequest(put -> put.bucket(stack.rawBucket()).key(key).contentLength(contentLength)));
    }

    private static String tamperSignature(final String url) {
        final int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        final char flipped = url.charAt(at) == '0' ? '1' : '0';
        return url.substring(0, at) + flipped + url.substring(at + 1);
    }

    private static int put(final String url, final byte[] body) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean objectExists(final String key) {
        return !stack.s3().listObjectsV2(list -> list.bucket(stack.rawBucket()).prefix(key)).contents().isEmpty();
    }
}
