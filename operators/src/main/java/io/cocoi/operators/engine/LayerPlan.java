package io.cocoi.operators.engine;

import io.cocoi.codec.coding.CodeKind;

/**
 * How one convolution is distributed: an (n, k) code of kind {@code code}, so n workers each get
 * one coded task and the layer output is decoded from any sufficient set of k or more results.
 */
public record LayerPlan(CodeKind code, int n, int k) {

    public LayerPlan {
        if (code == null) {
            throw new IllegalArgumentException("layer plan needs a code, got null");
        }
        if (n < 1) {
            throw new IllegalArgumentException(
                    "layer plan %s: n=%d workers, expected 1 or more".formatted(code.cliName(), n));
        }
        int fixed = code.fixedK(n);
        if (fixed >= 0 && k != fixed) {
            throw new IllegalArgumentException(
                    "layer plan %s with n=%d fixes k=%d, got k=%d"
                            .formatted(code.cliName(), n, fixed, k));
        }
        if (k < 1 || (code != CodeKind.LT && k > n)) {
            String allowed = code == CodeKind.LT ? "1 or more" : "1 to n=" + n;
            throw new IllegalArgumentException(
                    "layer plan %s: k=%d, expected %s".formatted(code.cliName(), k, allowed));
        }
    }

    /** The plan of a code that fixes k (replication ⌊n/2⌋, uncoded n). */
    public static LayerPlan fixed(CodeKind code, int n) {
        int k = code.fixedK(n);
        if (k < 0) {
            throw new IllegalArgumentException(
                    "code %s does not fix k, give k explicitly".formatted(code.cliName()));
        }
        return new LayerPlan(code, n, k);
    }

    @Override
    public String toString() {
        return "%s(n=%d, k=%d)".formatted(code.cliName(), n, k);
    }
}
