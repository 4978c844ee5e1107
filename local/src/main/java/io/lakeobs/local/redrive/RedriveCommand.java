package io.lakeobs.local.redrive;

import io.lakeobs.functions.core.config.AwsClients;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.concurrent.Callable;

/**
 * {@code make redrive}: the indexer's failed S3 events, from the stack's failure queue back to the
 * indexer function, with the AWS SDK's default region and credentials. The operator needs
 * {@code sqs:ReceiveMessage} and {@code sqs:DeleteMessage} on the queue and
 * {@code lambda:InvokeFunction} on the indexer. Exits 1 if any event failed again.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
    description = "Delivers the indexer's failed S3 events again and removes those it accepts.")
public final class RedriveCommand implements Callable<Integer> {
    @Option(names = "--queue-url", required = true, description = "the stack output IndexerFailuresQueueUrl")
    String queueUrl;

    @Option(names = "--function", required = true, description = "the stack output IndexerFunctionName")
    String function;

    @Option(names = "--max", defaultValue = "10000", description = "events to try at most (default ${DEFAULT-VALUE})")
    int max;

    @Override
    public Integer call() {
        if (max < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--max must be at least 1, was " + max);
        }
        try (SqsClient sqs = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                 .credentialsProvider(AwsClients.defaultCredentials()).build();
             LambdaClient lambda = LambdaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                 .credentialsProvider(AwsClients.defaultCredentials()).build()) {
            // visible again after 15 minutes if this command dies mid-way: more than an indexer invocation takes
            final Redrive.Report report = new Redrive(new SqsFailureQueue(sqs, queueUrl, 900), new LambdaIndexer(lambda, function))
                .run(max);
            System.out.println("redriven " + report.redriven() + " events; failed again " + report.failures().size());
            report.failures().forEach(failure -> System.out.println("  " + failure));
            return report.failures().isEmpty() ? 0 : 1;
        }
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new RedriveCommand()).execute(args));
    }
}
