package io.lakeobs.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeobs.functions.ingest.api.BlockSigningSession;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session that signs block uploads can put objects under blocks/ of the raw bucket, and nothing else. */
class BlockSigningSessionTest {
    @Test
    void theSessionPolicyAllowsPutObjectOnBlocksOnly() throws Exception {
        final JsonNode policy = new ObjectMapper().readTree(BlockSigningSession.policy("aws", "lakeobs-raw-1-us-east-1"));
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.path("Statement")).hasSize(1);
        final JsonNode statement = policy.path("Statement").get(0);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Action").asText()).isEqualTo("s3:PutObject");
        assertThat(statement.path("Resource").asText()).isEqualTo("arn:aws:s3:::lakeobs-raw-1-us-east-1/blocks/*");
        assertThat(statement.has("Condition")).isFalse();
        assertThat(BlockSigningSession.policy("aws-cn", "b")).contains("arn:aws-cn:s3:::b/blocks/*");
    }

    @Test
    void badInputIsRefusedWithWhatWasWrong() {
        assertThatThrownBy(() -> BlockSigningSession.policy("aws", "a/b")).hasMessageContaining("not a bucket name: 'a/b'");
        assertThatThrownBy(() -> BlockSigningSession.policy("aws", "*")).hasMessageContaining("not a bucket name");
        try (StsClient sts = StsClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
            .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
            assertThatThrownBy(() -> BlockSigningSession.assumed(sts, "arn:aws:s3:::bucket", "b", Duration.ofMinutes(5)))
                .hasMessageContaining("not an IAM role ARN: 'arn:aws:s3:::bucket'");
            assertThatThrownBy(() -> BlockSigningSession.assumed(sts, "arn:aws:iam::1:role/r", "b", Duration.ofMinutes(59)))
                .hasMessageContaining("would outlive the signing session");
            // building makes no call: the first signature assumes the role
            assertThat(BlockSigningSession.assumed(sts, "arn:aws:iam::1:role/r", "b", Duration.ofMinutes(5))).isNotNull();
        }
    }
}
