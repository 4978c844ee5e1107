package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code lakeobs keys ...}: the deploy's API key management ({@code ApiKeyCommand}) against the
 * running server's catalog; everything after {@code keys} goes to it as is.
 */
@Command(name = "keys", header = "Manages the local server's API keys.",
    description = {"Manages the local server's API keys: create [--rate N], list, rotate KEY_ID",
    "[--grace 24h], revoke KEY_ID, show KEY_ID, budget KEY_ID --bytes B --events E ('lakeobs keys --help')."})
final class KeysCommand extends ContextCommand {
    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "the key command and its arguments")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        final JsonNode run = server().post("keys", Map.of(), ControlClient.toJson(args));
        if (options.json) {
            printJson(run);
        } else {
            context.out().print(run.path("output").asText().replace("Usage: ApiKeyCommand", "Usage: lakeobs keys"));
        }
        final int status = run.path("status").asInt();
        return status == 0 ? ExitCodes.OK : status == 2 ? ExitCodes.USAGE : ExitCodes.FAILED;
    }
}
