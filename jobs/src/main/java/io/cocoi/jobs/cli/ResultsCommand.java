package io.cocoi.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cocoi.jobs.client.OutputReader;
import io.cocoi.jobs.pipeline.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cocoi results}: prints what the job wrote to the results topic (and the errors topic with
 * {@code --errors}), one line per record or the raw JSON, until the topics stay idle or, with
 * {@code --follow}, until stopped.
 */
@Command(
        name = "results",
        mixinStandardHelpOptions = true,
        description =
                "Prints the job's results, one line each (top-1 label, probability, latency) or"
                        + " JSON. Reads committed records only.")
final class ResultsCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(500);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin KafkaClientOptions kafka;

    @Option(
            names = "--topic",
            defaultValue = Topics.RESULTS,
            description = "results topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--errors", description = "also print the errors topic's records")
    boolean errors;

    @Option(
            names = "--errors-topic",
            defaultValue = Topics.ERRORS,
            description = "errors topic (default: ${DEFAULT-VALUE})")
    String errorsTopic;

    @Option(names = "--follow", description = "keep waiting for records until stopped")
    boolean follow;

    @Option(
            names = "--from-beginning",
            description = "start at the oldest record instead of records from now on")
    boolean fromBeginning;

    @Option(names = "--json", description = "print each record's JSON as written by the job")
    boolean json;

    @Option(
            names = "--idle-timeout-s",
            defaultValue = "5",
            description =
                    "without --follow, stop after this long without a record (default:"
                            + " ${DEFAULT-VALUE})")
    int idleTimeoutSeconds;

    @Option(names = "--max-records", paramLabel = "N", description = "stop after N records")
    Integer maxRecords;

    @Override
    public Integer call() throws Exception {
        if (idleTimeoutSeconds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--idle-timeout-s %d, expected at least 1".formatted(idleTimeoutSeconds));
        }
        if (maxRecords != null && maxRecords < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--max-records %d, expected at least 1".formatted(maxRecords));
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> topics = new ArrayList<>(List.of(topic));
        if (errors) {
            topics.add(errorsTopic);
        }

        int limit = maxRecords == null ? Integer.MAX_VALUE : maxRecords;
        int[] printed = {0};
        long idleSinceNanos = System.nanoTime();
        long idleTimeoutNanos = Duration.ofSeconds(idleTimeoutSeconds).toNanos();
        try (OutputReader reader =
                new OutputReader(kafka.clientSettings(), topics, fromBeginning)) {
            while (printed[0] < limit) {
                int polled =
                        reader.poll(
                                POLL,
                                (recordTopic, value) -> {
                                    if (printed[0] < limit) {
                                        out.println(line(recordTopic, value));
                                        printed[0]++;
                                    }
                                });
                out.flush();
                if (polled > 0) {
                    idleSinceNanos = System.nanoTime();
                } else if (!follow && System.nanoTime() - idleSinceNanos > idleTimeoutNanos) {
                    break;
                }
            }
        }
        if (printed[0] == 0) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "cocoi results: no records on %s within %d s%n",
                            String.join(", ", topics), idleTimeoutSeconds);
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    private String line(String recordTopic, JsonNode value) {
        if (json) {
            return value.toString();
        }
        return recordTopic.equals(topic) ? ResultLines.result(value) : ResultLines.error(value);
    }
}
