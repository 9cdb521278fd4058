package io.cocoi.operators.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cocoi.operators.engine.LayerContext;
import io.cocoi.operators.stream.CodedResult;
import io.cocoi.operators.stream.CodedTask;
import io.cocoi.operators.stream.RequestState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.array.FloatPrimitiveArraySerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class BulkFloatArraySerializerTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void writesTheSameBytesAsFlinksFloatArraySerializer() throws IOException {
        for (int length : new int[] {0, 1, 8191, 8192, 8193, 50_000}) {
            float[] values = randomFloats(length);

            assertThat(bytes(values, true)).isEqualTo(bytes(values, false));
        }
    }

    @Test
    void readsBackFromMemoryAndFromAStreamAsASpilledRecordIs() throws IOException {
        float[] values = randomFloats(20_001);
        values[3] = Float.NaN;
        values[4] = Float.NEGATIVE_INFINITY;
        values[5] = -0.0f;
        byte[] serialized = bytes(values, true);

        float[] fromMemory =
                BulkFloatArraySerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(serialized));
        float[] fromStream =
                BulkFloatArraySerializer.INSTANCE.deserialize(
                        new DataInputViewStreamWrapper(new ByteArrayInputStream(serialized)));

        // Bit-exact, NaN and the sign of zero included.
        assertThat(Arrays.equals(fromMemory, values)).isTrue();
        assertThat(Arrays.equals(fromStream, values)).isTrue();
    }

    @Test
    void copiesSerializedFormWithoutDecodingIt() throws IOException {
        float[] values = randomFloats(9_000);
        byte[] serialized = bytes(values, true);
        DataOutputSerializer copy = new DataOutputSerializer(serialized.length);

        BulkFloatArraySerializer.INSTANCE.copy(new DataInputDeserializer(serialized), copy);

        assertThat(copy.getCopyOfBuffer()).isEqualTo(serialized);
    }

    @Test
    void rejectsANegativeLength() {
        DataInputDeserializer corrupt = new DataInputDeserializer(new byte[] {-1, -1, -1, -2});

        assertThatThrownBy(() -> BulkFloatArraySerializer.INSTANCE.deserialize(corrupt))
                .isInstanceOf(IOException.class)
                .hasMessage("float array of length -2, expected 0 or more");
    }

    @Test
    void payloadFieldsOfTheJobsRecordsUseIt() {
        for (Class<?> record :
                new Class<?>[] {
                    CodedTask.class, CodedResult.class, RequestState.class, LayerContext.class
                }) {
            PojoTestUtils.assertSerializedAsPojoWithoutKryo(record);
        }

        assertThat(fieldType(CodedTask.class, "payload")).isSameAs(BulkFloatArrayTypeInfo.INSTANCE);
        assertThat(fieldType(CodedResult.class, "payload"))
                .isSameAs(BulkFloatArrayTypeInfo.INSTANCE);
        assertThat(fieldType(RequestState.class, "activation"))
                .isSameAs(BulkFloatArrayTypeInfo.INSTANCE);
        assertThat(fieldType(LayerContext.class, "remainderOutput"))
                .isSameAs(BulkFloatArrayTypeInfo.INSTANCE);
    }

    private float[] randomFloats(int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static byte[] bytes(float[] values, boolean bulk) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        if (bulk) {
            BulkFloatArraySerializer.INSTANCE.serialize(values, out);
        } else {
            FloatPrimitiveArraySerializer.INSTANCE.serialize(values, out);
        }
        return out.getCopyOfBuffer();
    }

    private static TypeInformation<?> fieldType(Class<?> record, String field) {
        PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) TypeInformation.of(record);
        return pojo.getTypeAt(pojo.getFieldIndex(field));
    }
}
