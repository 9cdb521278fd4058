package io.cocoi.operators.weights;

import java.util.List;

/**
 * A state dict that does not fit the model graph: each list names the keys of one kind of problem
 * so that a user can fix an export in one go.
 */
public final class WeightsMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> misshaped;

    WeightsMismatchException(
            String modelName,
            List<String> missing,
            List<String> unexpected,
            List<String> misshaped) {
        super(describe(modelName, missing, unexpected, misshaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misshaped = List.copyOf(misshaped);
    }

    /** The keys the model needs that the state dict lacks, with the expected shape. */
    public List<String> missing() {
        return missing;
    }

    /** The keys of the state dict that the model has no use for. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** The keys whose shape differs, each with the shape found and the shape expected. */
    public List<String> misshaped() {
        return misshaped;
    }

    private static String describe(
            String modelName,
            List<String> missing,
            List<String> unexpected,
            List<String> misshaped) {
        StringBuilder message =
                new StringBuilder("weights do not fit ").append(modelName).append(':');
        if (!missing.isEmpty()) {
            message.append("\n  missing keys: ").append(String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            message.append("\n  unexpected keys: ").append(String.join(", ", unexpected));
        }
        if (!misshaped.isEmpty()) {
            message.append("\n  misshaped keys: ").append(String.join(", ", misshaped));
        }
        return message.toString();
    }
}
