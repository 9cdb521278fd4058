package io.cocoi.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cocoi} command line: one subcommand per task a user runs. */
@Command(
        name = "cocoi",
        mixinStandardHelpOptions = true,
        version = "cocoi 0.1.0",
        description = "Straggler-resilient coded CNN inference on Apache Flink.",
        subcommands = {
            DemoCommand.class,
            BenchCommand.class,
            PlanCommand.class,
            ReductionCommand.class,
            SubmitCommand.class,
            PublishCommand.class,
            ResultsCommand.class
        })
public final class CocoiCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CocoiCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(
                (exception, failed, parseResult) -> {
                    if (exception instanceof IllegalArgumentException) {
                        failed.getErr().println("cocoi: " + exception.getMessage());
                        return failed.getCommandSpec().exitCodeOnInvalidInput();
                    }
                    throw exception;
                });
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: " + spec.subcommands().keySet());
    }
}
