package io.lakeobs.local.iam;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The AWS clients one function's wiring is built with on the local stack (recording, when the stack records). */
public record FunctionClients(S3Client s3, DynamoDbClient dynamoDb, S3Presigner presigner) {
}
