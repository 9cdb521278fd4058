package io.cocoi.jobs.cli;

import io.cocoi.codec.latency.Pi4bProfile;
import io.cocoi.codec.latency.Scenario;
import java.util.Locale;

/**
 * A {@code --scenario} value (paper section V): {@code none}, {@code transmission:LAMBDA} (scenario
 * 1, extra transmission delay with scale λ_tr·T_tr), {@code failures:NF} (scenario 2, n_f workers
 * fail in each turn) or {@code failures-straggler:NF} (scenario 3, scenario 2 plus one
 * high-probability straggler).
 */
record ScenarioOption(Kind kind, double parameter) {

    /** The three scenarios of the paper, and none. */
    enum Kind {
        NONE("none"),
        TRANSMISSION("transmission"),
        FAILURES("failures"),
        FAILURES_STRAGGLER("failures-straggler");

        final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }
    }

    static final ScenarioOption NONE = new ScenarioOption(Kind.NONE, 0);

    static ScenarioOption parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals(Kind.NONE.cliName)) {
            return NONE;
        }
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        for (Kind kind : Kind.values()) {
            if (kind != Kind.NONE && kind.cliName.equals(name)) {
                if (colon < 0) {
                    throw invalid(text);
                }
                return new ScenarioOption(kind, number(text, value.substring(colon + 1), kind));
            }
        }
        throw invalid(text);
    }

    /**
     * The scenario for {@code model}: scenario 3's straggler is as much slower as the paper's
     * straggler Pi was at local inference of that model (85.2 s against 50.8 s for VGG16, 148.8 s
     * against 89.8 s for ResNet18).
     */
    Scenario toScenario(String model) {
        return switch (kind) {
            case NONE -> Scenario.NONE;
            case TRANSMISSION -> Scenario.straggling(parameter);
            case FAILURES -> Scenario.failures((int) parameter);
            case FAILURES_STRAGGLER -> new Scenario(0, (int) parameter, stragglerSlowdown(model));
        };
    }

    static double stragglerSlowdown(String model) {
        return switch (model) {
            case "vgg16" ->
                    Pi4bProfile.VGG16_STRAGGLER_LOCAL_SECONDS / Pi4bProfile.VGG16_LOCAL_SECONDS;
            case "resnet18" ->
                    Pi4bProfile.RESNET18_STRAGGLER_LOCAL_SECONDS
                            / Pi4bProfile.RESNET18_LOCAL_SECONDS;
            default ->
                    throw new IllegalArgumentException(
                            "the paper's straggler has figures for vgg16 and resnet18, not "
                                    + model);
        };
    }

    /** The value as {@link #parse} reads it, for example {@code failures:2}. */
    String cliValue() {
        if (kind == Kind.NONE) {
            return kind.cliName;
        }
        return kind == Kind.TRANSMISSION
                ? String.format(Locale.ROOT, "%s:%.2f", kind.cliName, parameter)
                : "%s:%d".formatted(kind.cliName, (int) parameter);
    }

    private static double number(String text, String digits, Kind kind) {
        double parameter;
        try {
            parameter = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        boolean whole = parameter == Math.rint(parameter);
        if (!(parameter >= 0)
                || Double.isInfinite(parameter)
                || (kind != Kind.TRANSMISSION && !whole)) {
            throw new IllegalArgumentException(
                    "--scenario '%s': %s needs %s"
                            .formatted(
                                    text,
                                    kind.cliName,
                                    kind == Kind.TRANSMISSION
                                            ? "a finite lambda >= 0"
                                            : "a whole number of failed workers >= 0"));
        }
        return parameter;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "--scenario '%s', expected none, transmission:LAMBDA, failures:NF or"
                                .formatted(text)
                        + " failures-straggler:NF");
    }
}
