package io.cocoi.codec.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BadInputTest {

    private final SystematicMdsCode code = new SystematicMdsCode(6, 3);

    @Test
    void rejectsSourcesOfDifferentLengths() {
        float[][] sources = {new float[8], new float[8], new float[5]};

        assertThatThrownBy(() -> code.encodeTask(4, sources, new float[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "systematic(n=6, k=3): source 2 has 5 floats, expected 8 like the target"
                                + " buffer");
    }

    @Test
    void rejectsTheWrongNumberOfSources() {
        assertThatThrownBy(() -> code.encodeTask(0, new float[2][8], new float[8]))
                .hasMessage("systematic(n=6, k=3): 2 source partitions given, expected k=3");
    }

    @Test
    void rejectsCodedResultsOfTheWrongLength() {
        LinearDecoder decoder = code.decoder(new int[] {5, 1, 4});
        float[][] results = {new float[16], new float[16], new float[12]};

        assertThatThrownBy(() -> decoder.decodeAll(results, new float[3][16]))
                .hasMessage(
                        "systematic(n=6, k=3): coded result of task 4 has 12 floats, expected 16");
    }

    @Test
    void rejectsDuplicateWorkerResults() {
        assertThatThrownBy(() -> code.decoder(new int[] {1, 4, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "systematic(n=6, k=3): task 1 appears twice in [1, 4, 1], expected"
                                + " distinct worker results");
    }

    @Test
    void rejectsTooFewResults() {
        assertThat(code.isSufficient(new int[] {0, 5})).isFalse();
        assertThatThrownBy(() -> code.decoder(new int[] {0, 5}))
                .isInstanceOf(InsufficientResultsException.class)
                .hasMessage(
                        "systematic(n=6, k=3): 2 coded results from tasks [0, 5], expected at"
                                + " least k=3");
    }

    @Test
    void rejectsTaskIndicesOutsideTheCode() {
        assertThatThrownBy(() -> code.decoder(new int[] {0, 1, 6}))
                .hasMessage("systematic(n=6, k=3): task 6, expected 0 to 5");
        assertThatThrownBy(() -> new LtCode(4, 6).generatorRow(-1))
                .hasMessage("lt(n=4, k=6): task -1, expected 0 or more");
    }

    @Test
    void rejectsKLargerThanNForFixedRateCodes() {
        assertThatThrownBy(() -> CodeKind.SYSTEMATIC.create(4, 5))
                .hasMessage(
                        "code systematic: k=5 is larger than n=4 workers, expected 1 <= k <= n");
        assertThatThrownBy(() -> CodeKind.VANDERMONDE.create(4, 0))
                .hasMessage("code vandermonde: k=0 source partitions, expected 1 or more");
        assertThat(CodeKind.LT.create(4, 5).k()).isEqualTo(5);
    }

    @Test
    void rejectsAKThatReplicationFixesOtherwise() {
        assertThatThrownBy(() -> CodeKind.REPLICATION.requireParameters(10, 4))
                .hasMessage("code replication with n=10 fixes k=5, got k=4");
    }

    @Test
    void rejectsUnknownCodeNames() {
        assertThatThrownBy(() -> CodeKind.parse("reed-solomon"))
                .hasMessage(
                        "unknown code 'reed-solomon', expected one of systematic, vandermonde, lt,"
                                + " replication, uncoded");
        assertThat(CodeKind.parse(" LT ")).isEqualTo(CodeKind.LT);
    }

    @Test
    void rejectsBadRobustSolitonParameters() {
        assertThatThrownBy(() -> new LtCode(4, 4, 0.1, 1.5, 1))
                .hasMessage("code lt: robust soliton delta=1.5, expected in (0, 1)");
    }

    @Test
    void rejectsAMissingResultTheDecoderNeeds() {
        LinearDecoder decoder = code.decoder(new int[] {0, 1, 2, 5});
        float[][] results = {new float[4], null, new float[4], null};

        assertThatThrownBy(() -> decoder.decodeSource(1, results, new float[4]))
                .hasMessage("systematic(n=6, k=3): the coded result of task 1 is missing");
    }
}
