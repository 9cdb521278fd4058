package io.cocoi.jobs.cli;

import io.cocoi.jobs.CocoiJobMain;
import io.cocoi.jobs.client.FlinkRestClient;
import io.cocoi.jobs.client.FlinkRestException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code cocoi submit}: uploads the job jar to a running Flink cluster through its REST API and
 * runs {@link CocoiJobMain} with the job options given here, then prints the job id and its web UI
 * page. The settings of a {@code --kafka-properties} file are read here and passed to the job as
 * {@code --kafka-setting} arguments.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description =
                "Submits the coded inference job to a running Flink cluster through its REST API."
                        + " DJL and PyTorch must be in the cluster's lib/ folder.")
final class SubmitCommand implements Callable<Integer> {

    /** The thin job jar's name, built by {@code mvn package} next to this module's classes. */
    static final String JOB_JAR = "cocoi-job.jar";

    private static final int HIGHEST_PORT = 65_535;

    /**
     * Options of this command that are not passed on as given: its own, and the Kafka properties
     * file, whose settings are passed on instead (the file need not exist on the cluster).
     */
    private static final Set<String> OWN_OPTIONS =
            Set.of("--jobmanager", "--jar", "--timeout-s", "--kafka-properties");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--jobmanager",
            required = true,
            paramLabel = "HOST:PORT",
            description = "the cluster's REST API and web UI, such as localhost:8081")
    String jobManager;

    @Option(
            names = "--jar",
            paramLabel = "PATH",
            description = "the job jar (default: jobs/target/" + JOB_JAR + " of this build)")
    Path jar;

    @Option(
            names = "--timeout-s",
            defaultValue = "120",
            description =
                    "time allowed for each REST call, including the job's main method on the"
                            + " cluster (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Mixin JobOptions job;

    @Mixin JobRuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI restAddress = restAddress(jobManager);
        Path jobJar = jar != null ? jar : defaultJar();
        if (!Files.isRegularFile(jobJar)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "job jar %s is not a file, expected the jar `mvn package` builds in jobs/target"
                            .formatted(jobJar));
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--timeout-s %d, expected at least 1".formatted(timeoutSeconds));
        }
        runtime.validate();
        // The file's settings first, so that --kafka-setting pairs given here override them.
        List<String> programArguments =
                new ArrayList<>(KafkaClientOptions.settingArguments(runtime.kafkaFileSettings()));
        programArguments.addAll(programArguments(spec.commandLine().getParseResult()));

        FlinkRestClient flink =
                new FlinkRestClient(restAddress, Duration.ofSeconds(timeoutSeconds));
        String jobId;
        try {
            String jarId = flink.uploadJar(jobJar);
            try {
                jobId = flink.runJar(jarId, CocoiJobMain.class.getName(), programArguments);
            } finally {
                flink.deleteJar(jarId);
            }
        } catch (FlinkRestException e) {
            err.println("cocoi submit: " + e.getMessage());
            err.flush();
            return 1;
        }
        out.println("Submitted job " + jobId);
        out.println("Web UI: " + flink.jobPage(jobId));
        out.flush();
        return 0;
    }

    /** The job options as given on this command line, to pass on to the job's main method. */
    static List<String> programArguments(CommandLine.ParseResult parsed) {
        List<String> arguments = new ArrayList<>();
        // A repeated option is matched once per occurrence; its values are all in the first.
        for (OptionSpec option : new LinkedHashSet<>(parsed.matchedOptions())) {
            String name = option.longestName();
            if (OWN_OPTIONS.contains(name) || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            if (option.arity().max() == 0) {
                arguments.add(name);
                continue;
            }
            for (String value : option.originalStringValues()) {
                arguments.add(name);
                arguments.add(value);
            }
        }
        return arguments;
    }

    private URI restAddress(String hostAndPort) {
        String address = hostAndPort.contains("://") ? hostAndPort : "http://" + hostAndPort;
        try {
            URI uri = new URI(address);
            if (uri.getHost() != null
                    && uri.getPort() >= 1
                    && uri.getPort() <= HIGHEST_PORT
                    && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return new URI(
                        uri.getScheme(), null, uri.getHost(), uri.getPort(), "/", null, null);
            }
        } catch (URISyntaxException e) {
            // Reported below with the expected form.
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                ("--jobmanager '%s', expected HOST:PORT of the Flink REST API, such as"
                                + " localhost:8081")
                        .formatted(hostAndPort));
    }

    private static Path defaultJar() throws URISyntaxException {
        Path classes =
                Path.of(
                        SubmitCommand.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        return classes.toAbsolutePath().getParent().resolve(JOB_JAR);
    }
}
