package io.cocoi.operators.serial;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of a large {@code float[]} payload field, serialized by {@link
 * BulkFloatArraySerializer}. Put {@code @TypeInfo(BulkFloatArrayTypeInfo.Factory.class)} on the
 * field.
 */
public final class BulkFloatArrayTypeInfo extends TypeInformation<float[]> {

    private static final long serialVersionUID = 1L;

    public static final BulkFloatArrayTypeInfo INSTANCE = new BulkFloatArrayTypeInfo();

    private BulkFloatArrayTypeInfo() {}

    /** Lets Flink's type extraction pick this type for an annotated field. */
    public static final class Factory extends TypeInfoFactory<float[]> {
        @Override
        public TypeInformation<float[]> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<float[]> getTypeClass() {
        return float[].class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<float[]> createSerializer(SerializerConfig config) {
        return BulkFloatArraySerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "BulkFloatArray";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BulkFloatArrayTypeInfo;
    }

    @Override
    public int hashCode() {
        return BulkFloatArrayTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof BulkFloatArrayTypeInfo;
    }
}
