package io.cocoi.codec.geometry;

import java.util.Arrays;

/**
 * A convolution split into k source partitions of equal output extent W^p_O = ⌊W_O/k⌋ along its
 * split axis, plus a remainder of W_O mod k output columns that the master computes itself (paper
 * section II-B.1, footnote 2).
 *
 * <p>Every source partition reads an input slab of the same extent W^p_I = K + (W^p_O − 1)·S (eq.
 * 1), so slabs can be mixed linearly by an erasure code. Adjacent slabs overlap by K − S columns. A
 * slab spans the whole padded extent of the other axis and has padding already applied: a worker
 * convolves it with padding 0 and gets exactly its slice of the layer output.
 *
 * <p>Input tensors are C_I×H×W (unpadded), output tensors C_O×H_O×W_O, both flat CHW arrays.
 */
public final class ConvSplit {

    private final ConvLayerShape layer;
    private final int k;
    private final int partitionOutputExtent;

    private ConvSplit(ConvLayerShape layer, int k) {
        this.layer = layer;
        this.k = k;
        this.partitionOutputExtent = layer.splitOutputExtent() / k;
    }

    /**
     * Splits {@code layer} into {@code k} source partitions along its split axis.
     *
     * @throws IllegalArgumentException if k is not in [1, W_O]
     */
    public static ConvSplit of(ConvLayerShape layer, int k) {
        int outputExtent = layer.splitOutputExtent();
        if (k < 1 || k > outputExtent) {
            throw new IllegalArgumentException(
                    "layer %s: k=%d partitions, expected 1 to %d (the output %s)"
                            .formatted(
                                    layer.name(),
                                    k,
                                    outputExtent,
                                    layer.splitAxis().name().toLowerCase()));
        }
        return new ConvSplit(layer, k);
    }

    public ConvLayerShape layer() {
        return layer;
    }

    public int k() {
        return k;
    }

    public SplitAxis axis() {
        return layer.splitAxis();
    }

    /** W^p_O(k) = ⌊W_O/k⌋. */
    public int partitionOutputExtent() {
        return partitionOutputExtent;
    }

    /** W^p_I(k) = K + (W^p_O(k) − 1)·S (eq. 1). */
    public int partitionInputExtent() {
        return inputExtentFor(partitionOutputExtent);
    }

    /** The output range of source partition {@code index} (0-based) and its input range. */
    public PartitionRange source(int index) {
        if (index < 0 || index >= k) {
            throw new IndexOutOfBoundsException(
                    "layer %s: source partition %d, expected 0 to %d"
                            .formatted(layer.name(), index, k - 1));
        }
        return rangeFor(index * partitionOutputExtent, (index + 1) * partitionOutputExtent);
    }

    /** W_O mod k: the output extent the master computes itself. */
    public int remainderOutputExtent() {
        return layer.splitOutputExtent() - k * partitionOutputExtent;
    }

    public boolean hasRemainder() {
        return remainderOutputExtent() > 0;
    }

    /** The remainder's ranges; only when {@link #hasRemainder()}. */
    public PartitionRange remainder() {
        if (!hasRemainder()) {
            throw new IllegalStateException(
                    "layer %s: k=%d divides the output extent %d, there is no remainder"
                            .formatted(layer.name(), k, layer.splitOutputExtent()));
        }
        return rangeFor(k * partitionOutputExtent, layer.splitOutputExtent());
    }

    /**
     * The convolution a worker runs on one source slab: the same kernel and stride, padding 0, on a
     * slab-sized input. For the remainder use {@link #shapeOf(PartitionRange)}.
     */
    public ConvLayerShape partitionShape() {
        return shapeOf(source(0));
    }

    public ConvLayerShape shapeOf(PartitionRange range) {
        boolean width = axis() == SplitAxis.WIDTH;
        return new ConvLayerShape(
                layer.name(),
                layer.inChannels(),
                layer.outChannels(),
                layer.kernelSize(),
                layer.stride(),
                0,
                width ? layer.paddedHeight() : range.inputExtent(),
                width ? range.inputExtent() : layer.paddedWidth());
    }

    /** Length of the flat input slab of {@code range}: C_I × slab height × slab width. */
    public int inputSlabLength(PartitionRange range) {
        return shapeOf(range).inputLength();
    }

    /** Length of the flat output slab of {@code range}: C_O × slab output height × width. */
    public int outputSlabLength(PartitionRange range) {
        return shapeOf(range).outputLength();
    }

    /**
     * Copies the input slab of {@code range} out of the unpadded layer input into {@code slab},
     * writing zeros where the slab covers padding.
     */
    public void extractInput(float[] input, PartitionRange range, float[] slab) {
        requireLength("layer input", input, layer.inputLength());
        requireLength("input slab", slab, inputSlabLength(range));
        SlabRows rows = new SlabRows(range);
        int target = 0;
        for (int channel = 0; channel < layer.inChannels(); channel++) {
            for (int row = rows.start; row < rows.end; row++) {
                rows.copy(input, channel, row, slab, target);
                target += rows.width;
            }
        }
    }

    /**
     * The input slabs of all k sources at once, as {@link #extractInput} would give them one by
     * one. Along the width this goes through the input row by row and cuts each row into every slab
     * in turn, so the input is read front to back once instead of in k strided passes.
     */
    public float[][] extractSourceInputs(float[] input) {
        requireLength("layer input", input, layer.inputLength());
        float[][] slabs = new float[k][inputSlabLength(source(0))];
        if (axis() != SplitAxis.WIDTH) {
            for (int i = 0; i < k; i++) {
                extractInput(input, source(i), slabs[i]);
            }
            return slabs;
        }

        SlabRows[] rows = new SlabRows[k];
        for (int i = 0; i < k; i++) {
            rows[i] = new SlabRows(source(i));
        }
        int slabWidth = rows[0].width;
        int target = 0;
        for (int channel = 0; channel < layer.inChannels(); channel++) {
            for (int row = 0; row < layer.paddedHeight(); row++) {
                for (int i = 0; i < k; i++) {
                    rows[i].copy(input, channel, row, slabs[i], target);
                }
                target += slabWidth;
            }
        }
        return slabs;
    }

    /** The padded rows and columns one input slab covers, and how to copy one of its rows. */
    private final class SlabRows {
        final int start;
        final int end;
        final int width;
        private final int columnStart;
        private final int firstColumn;
        private final int copied;

        SlabRows(PartitionRange range) {
            boolean alongWidth = axis() == SplitAxis.WIDTH;
            start = alongWidth ? 0 : range.inputStart();
            end = alongWidth ? layer.paddedHeight() : range.inputEnd();
            columnStart = alongWidth ? range.inputStart() : 0;
            int columnEnd = alongWidth ? range.inputEnd() : layer.paddedWidth();
            width = columnEnd - columnStart;

            // Source columns inside the unpadded input; the rest of each slab row is padding.
            firstColumn = Math.max(columnStart, layer.padding());
            int lastColumn = Math.min(columnEnd, layer.padding() + layer.inputWidth());
            copied = Math.max(0, lastColumn - firstColumn);
        }

        /** Copies padded row {@code row} of {@code channel} into {@code slab} at {@code target}. */
        void copy(float[] input, int channel, int row, float[] slab, int target) {
            int padding = layer.padding();
            int sourceRow = row - padding;
            if (sourceRow < 0 || sourceRow >= layer.inputHeight() || copied == 0) {
                Arrays.fill(slab, target, target + width, 0f);
                return;
            }
            int leading = firstColumn - columnStart;
            Arrays.fill(slab, target, target + leading, 0f);
            int source =
                    (channel * layer.inputHeight() + sourceRow) * layer.inputWidth()
                            + firstColumn
                            - padding;
            System.arraycopy(input, source, slab, target + leading, copied);
            Arrays.fill(slab, target + leading + copied, target + width, 0f);
        }
    }

    /**
     * Writes all output slabs into the layer output at once: {@code slabOutputs} holds the k source
     * slabs in order, then the remainder's when there is one. Along the width this goes through the
     * output row by row, taking each row's piece from every slab in turn, so the output is written
     * front to back instead of once per slab in k strided passes.
     */
    public void placeOutputs(float[][] slabOutputs, float[] output) {
        int slabs = hasRemainder() ? k + 1 : k;
        if (slabOutputs.length != slabs) {
            throw new IllegalArgumentException(
                    "layer %s k=%d: %d output slabs, expected %d (%d sources%s)"
                            .formatted(
                                    layer.name(),
                                    k,
                                    slabOutputs.length,
                                    slabs,
                                    k,
                                    hasRemainder() ? " and the remainder" : ""));
        }
        PartitionRange[] ranges = new PartitionRange[slabs];
        for (int i = 0; i < slabs; i++) {
            ranges[i] = i < k ? source(i) : remainder();
            requireLength("output slab " + i, slabOutputs[i], outputSlabLength(ranges[i]));
        }
        if (axis() != SplitAxis.WIDTH) {
            for (int i = 0; i < slabs; i++) {
                placeOutput(slabOutputs[i], ranges[i], output);
            }
            return;
        }

        requireLength("layer output", output, layer.outputLength());
        int outputWidth = layer.outputWidth();
        int rows = layer.outChannels() * layer.outputHeight();
        for (int row = 0; row < rows; row++) {
            int target = row * outputWidth;
            for (int i = 0; i < slabs; i++) {
                int slabWidth = ranges[i].outputExtent();
                System.arraycopy(
                        slabOutputs[i],
                        row * slabWidth,
                        output,
                        target + ranges[i].outputStart(),
                        slabWidth);
            }
        }
    }

    /** Writes the output slab of {@code range} into its place in the C_O×H_O×W_O layer output. */
    public void placeOutput(float[] slabOutput, PartitionRange range, float[] output) {
        requireLength("output slab", slabOutput, outputSlabLength(range));
        requireLength("layer output", output, layer.outputLength());
        boolean width = axis() == SplitAxis.WIDTH;
        int outputHeight = layer.outputHeight();
        int outputWidth = layer.outputWidth();
        int rowStart = width ? 0 : range.outputStart();
        int rowEnd = width ? outputHeight : range.outputEnd();
        int columnStart = width ? range.outputStart() : 0;
        int slabWidth = width ? range.outputExtent() : outputWidth;
        int source = 0;
        for (int channel = 0; channel < layer.outChannels(); channel++) {
            for (int row = rowStart; row < rowEnd; row++) {
                int target = (channel * outputHeight + row) * outputWidth + columnStart;
                System.arraycopy(slabOutput, source, output, target, slabWidth);
                source += slabWidth;
            }
        }
    }

    @Override
    public String toString() {
        return "%s split k=%d along %s: %d x %d output columns + remainder %d"
                .formatted(layer, k, axis(), k, partitionOutputExtent, remainderOutputExtent());
    }

    private int inputExtentFor(int outputExtent) {
        return layer.kernelSize() + (outputExtent - 1) * layer.stride();
    }

    private PartitionRange rangeFor(int outputStart, int outputEnd) {
        int inputStart = outputStart * layer.stride();
        int inputEnd = (outputEnd - 1) * layer.stride() + layer.kernelSize();
        return new PartitionRange(outputStart, outputEnd, inputStart, inputEnd);
    }

    private void requireLength(String role, float[] array, int expected) {
        if (array.length != expected) {
            throw new IllegalArgumentException(
                    "layer %s k=%d: %s has %d floats, expected %d"
                            .formatted(layer.name(), k, role, array.length, expected));
        }
    }
}
