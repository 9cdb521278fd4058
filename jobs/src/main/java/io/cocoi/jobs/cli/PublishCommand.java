package io.cocoi.jobs.cli;

import io.cocoi.jobs.client.ImagePublisher;
import io.cocoi.jobs.pipeline.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cocoi publish}: sends image files to the job's images topic, keyed by file name. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description =
                "Publishes image files (or every file of a folder) to the images topic; the file"
                        + " name is the request id.")
final class PublishCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin KafkaClientOptions kafka;

    @Option(
            names = "--topic",
            defaultValue = Topics.IMAGES,
            description = "images topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(
            names = "--model",
            description = "model header; the job rejects images for another model (default: none)")
    String model;

    @Option(names = "--logits", description = "ask for the 1000 logits in each result")
    boolean logits;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "images or folders")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files;
        try {
            files = ImagePublisher.files(images);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "no image files in " + images);
        }

        List<String> requestIds;
        try (ImagePublisher publisher = new ImagePublisher(kafka.clientSettings(), topic)) {
            requestIds = publisher.publish(files, model, logits);
        } catch (IOException e) {
            spec.commandLine().getErr().println("cocoi publish: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        out.printf("Published %d images to %s: %s%n", requestIds.size(), topic, requestIds);
        out.flush();
        return 0;
    }
}
