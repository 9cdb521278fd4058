package io.cocoi.codec.coding;

/**
 * How many LT symbols the master streams to each worker for one layer. The dataflow has no edge
 * back from the master to the workers, so they cannot be told to stop once the master decodes:
 * every symbol sent is computed unless its deadline passes first. The budget is therefore bounded:
 * the symbols this code's stream needs to reach rank k ({@link LtCode#symbolsUntilDecodable}),
 * times {@value #MARGIN} for arrivals out of stream order, spread over n − 1 workers so that the
 * stream still decodes when one worker returns nothing.
 */
public final class LtSymbolBudget {

    /** Extra symbols over the stream's decoding overhead. */
    public static final double MARGIN = 1.25;

    /** The stream is searched this far (100·k + 1 000 symbols) for rank k. */
    private static final int SEARCH_PER_SOURCE = 100;

    private LtSymbolBudget() {}

    /** Symbols per worker for {@code code} streamed to its n workers. */
    public static int symbolsPerWorker(LtCode code) {
        int needed = code.symbolsUntilDecodable(SEARCH_PER_SOURCE * code.k() + 1_000);
        int carriers = Math.max(1, code.n() - 1);
        return (int) Math.ceil(MARGIN * needed / carriers);
    }
}
