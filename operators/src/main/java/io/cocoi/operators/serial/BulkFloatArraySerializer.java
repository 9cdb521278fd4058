package io.cocoi.operators.serial;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes a {@code float[]} as its length and then its values in blocks of bytes, instead of one
 * {@code writeFloat} per value. The difference matters most for records larger than the network
 * stack's spilling threshold (5 MiB per input channel in Flink 2.2): Flink reads those back from a
 * spill file through a buffered stream, where a call per float costs tens of nanoseconds and a 12.8
 * MB activation over 100 ms.
 *
 * <p>Format: an int length, then {@code 4 × length} bytes of big-endian IEEE 754 floats, the same
 * bytes {@code writeFloat} would write. Not null-safe: POJO fields are null-checked by Flink's POJO
 * serializer.
 */
public final class BulkFloatArraySerializer extends TypeSerializerSingleton<float[]> {

    private static final long serialVersionUID = 1L;

    public static final BulkFloatArraySerializer INSTANCE = new BulkFloatArraySerializer();

    private static final float[] EMPTY = new float[0];
    private static final int BLOCK_FLOATS = 8 * 1024;
    private static final ThreadLocal<byte[]> BLOCK =
            ThreadLocal.withInitial(() -> new byte[BLOCK_FLOATS * Float.BYTES]);

    private BulkFloatArraySerializer() {}

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public float[] createInstance() {
        return EMPTY;
    }

    @Override
    public float[] copy(float[] from) {
        return from.clone();
    }

    @Override
    public float[] copy(float[] from, float[] reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(float[] record, DataOutputView target) throws IOException {
        target.writeInt(record.length);
        byte[] block = BLOCK.get();
        FloatBuffer view = ByteBuffer.wrap(block).asFloatBuffer();
        for (int start = 0; start < record.length; start += BLOCK_FLOATS) {
            int count = Math.min(BLOCK_FLOATS, record.length - start);
            view.clear();
            view.put(record, start, count);
            target.write(block, 0, count * Float.BYTES);
        }
    }

    @Override
    public float[] deserialize(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length < 0) {
            throw new IOException("float array of length %d, expected 0 or more".formatted(length));
        }
        float[] record = new float[length];
        byte[] block = BLOCK.get();
        FloatBuffer view = ByteBuffer.wrap(block).asFloatBuffer();
        for (int start = 0; start < length; start += BLOCK_FLOATS) {
            int count = Math.min(BLOCK_FLOATS, length - start);
            source.readFully(block, 0, count * Float.BYTES);
            view.clear();
            view.get(record, start, count);
        }
        return record;
    }

    @Override
    public float[] deserialize(float[] reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length * Float.BYTES);
    }

    @Override
    public TypeSerializerSnapshot<float[]> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from checkpoints and savepoints; it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<float[]> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
