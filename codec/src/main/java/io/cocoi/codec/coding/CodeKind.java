package io.cocoi.codec.coding;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The codes a layer can be planned with, by the names the command line accepts. */
public enum CodeKind {
    /** Systematic MDS with well-conditioned parity: the default. */
    SYSTEMATIC("systematic"),
    /** The paper's Vandermonde MDS code, for reproduction. */
    VANDERMONDE("vandermonde"),
    /** Luby transform: rateless, decodes at rank k. */
    LT("lt"),
    /** k = ⌊n/2⌋ partitions, each on two workers. */
    REPLICATION("replication"),
    /** k = n partitions, one per worker, no redundancy. */
    UNCODED("uncoded");

    private final String cliName;

    CodeKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The kind named {@code name} (case-insensitive). */
    public static CodeKind parse(String name) {
        for (CodeKind kind : values()) {
            if (kind.cliName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown code '%s', expected one of %s".formatted(name, allNames()));
    }

    /** The code of this kind for n workers and k sources, with default parameters. */
    public ErasureCode create(int n, int k) {
        return switch (this) {
            case SYSTEMATIC -> new SystematicMdsCode(n, k);
            case VANDERMONDE -> new VandermondeCode(n, k);
            case LT -> new LtCode(n, k);
            case REPLICATION -> ReplicationCode.twoCopies(n);
            case UNCODED -> ReplicationCode.uncoded(n);
        };
    }

    /** The k this kind fixes for n workers (replication ⌊n/2⌋, uncoded n), or -1 if k is free. */
    public int fixedK(int n) {
        return switch (this) {
            case REPLICATION -> n / 2;
            case UNCODED -> n;
            default -> -1;
        };
    }

    /**
     * The workers a code that fixes k needs for {@code k} source partitions (uncoded k, replication
     * 2k), so a layer too narrow for the k of all n workers runs on fewer; -1 if this kind does not
     * fix k.
     */
    public int workersFor(int k) {
        if (k < 1) {
            throw new IllegalArgumentException(
                    "code %s: k=%d source partitions, expected 1 or more".formatted(cliName, k));
        }
        return switch (this) {
            case REPLICATION -> 2 * k;
            case UNCODED -> k;
            default -> -1;
        };
    }

    /** Checks n ≥ 1 and the k this kind allows: 1 ≤ k ≤ n, or any k ≥ 1 for LT. */
    void requireParameters(int n, int k) {
        if (n < 1) {
            throw new IllegalArgumentException(
                    "code %s: n=%d workers, expected 1 or more".formatted(cliName, n));
        }
        int fixed = fixedK(n);
        if (fixed >= 0 && k != fixed) {
            throw new IllegalArgumentException(
                    "code %s with n=%d fixes k=%d, got k=%d".formatted(cliName, n, fixed, k));
        }
        if (k < 1) {
            throw new IllegalArgumentException(
                    "code %s: k=%d source partitions, expected 1 or more".formatted(cliName, k));
        }
        if (this != LT && k > n) {
            throw new IllegalArgumentException(
                    "code %s: k=%d is larger than n=%d workers, expected 1 <= k <= n"
                            .formatted(cliName, k, n));
        }
    }

    private static String allNames() {
        return Arrays.stream(values())
                .map(CodeKind::cliName)
                .collect(Collectors.joining(", "))
                .toLowerCase(Locale.ROOT);
    }
}
