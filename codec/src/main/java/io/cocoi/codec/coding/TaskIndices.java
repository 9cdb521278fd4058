package io.cocoi.codec.coding;

import java.util.Arrays;

/** Checks of task index lists handed to a code. */
final class TaskIndices {

    private TaskIndices() {}

    /** Each index within [0, n) (any index ≥ 0 for a rateless code) and none repeated. */
    static void requireValidAndDistinct(ErasureCode code, int[] taskIndices) {
        for (int position = 0; position < taskIndices.length; position++) {
            requireValid(code, taskIndices[position]);
            for (int earlier = 0; earlier < position; earlier++) {
                if (taskIndices[earlier] == taskIndices[position]) {
                    throw new IllegalArgumentException(
                            "%s: task %d appears twice in %s, expected distinct worker results"
                                    .formatted(
                                            Payloads.describe(code),
                                            taskIndices[position],
                                            Arrays.toString(taskIndices)));
                }
            }
        }
    }

    static void requireValid(ErasureCode code, int taskIndex) {
        boolean valid = taskIndex >= 0 && (code.isRateless() || taskIndex < code.n());
        if (!valid) {
            String expected = code.isRateless() ? "0 or more" : "0 to " + (code.n() - 1);
            throw new IllegalArgumentException(
                    "%s: task %d, expected %s"
                            .formatted(Payloads.describe(code), taskIndex, expected));
        }
    }

    /** For an MDS code: valid, distinct tasks, and at least k of them. */
    static boolean atLeastK(ErasureCode code, int[] taskIndices) {
        requireValidAndDistinct(code, taskIndices);
        return taskIndices.length >= code.k();
    }

    static InsufficientResultsException tooFew(ErasureCode code, int[] taskIndices) {
        return new InsufficientResultsException(
                "%s: %d coded results from tasks %s, expected at least k=%d"
                        .formatted(
                                Payloads.describe(code),
                                taskIndices.length,
                                Arrays.toString(taskIndices),
                                code.k()));
    }
}
