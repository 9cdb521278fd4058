package io.cocoi.jobs.cli;

import io.cocoi.codec.latency.PropositionTwo;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cocoi reduction}: the paper's Proposition 2, coded against uncoded in closed form. */
@Command(
        name = "reduction",
        mixinStandardHelpOptions = true,
        description =
                "Proposition 2: the latency coding saves against uncoded for n workers whose"
                        + " shift-to-straggling ratio is R (encoding, decoding and input overlap"
                        + " left out, as in the paper).")
final class ReductionCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--workers", required = true, description = "n, the number of workers")
    int workers;

    @Option(names = "--ratio", defaultValue = "1", description = "R (default: ${DEFAULT-VALUE})")
    double ratio;

    @Override
    public Integer call() {
        PropositionTwo result;
        try {
            result = PropositionTwo.evaluate(workers, ratio);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        spec.commandLine()
                .getOut()
                .println(
                        String.format(
                                Locale.ROOT,
                                "n = %d, R = %.3g: best k = %d, coded latency %.1f %% below"
                                        + " uncoded",
                                result.n(),
                                result.ratio(),
                                result.bestK(),
                                100 * result.reduction()));
        return 0;
    }
}
