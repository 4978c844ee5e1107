package io.lakeobs.benchmarks.ingest;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;

/**
 * DynamoDB Local (in memory) served over HTTP on 127.0.0.1 only, for a child JVM to call. Its own
 * ServerRunner listens on every interface; here its request handler is mounted on a Jetty
 * connector bound to the loopback address.
 */
final class LoopbackDynamoDb implements AutoCloseable {
    private final LocalDynamoDBRequestHandler requestHandler;
    private final Server server;
    private final ServerConnector connector;

    LoopbackDynamoDb() throws Exception {
        requestHandler = new LocalDynamoDBRequestHandler(0, true, null, false, false);
        final LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requestHandler, "*");
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
        requestHandler.shutdown();
    }
}
