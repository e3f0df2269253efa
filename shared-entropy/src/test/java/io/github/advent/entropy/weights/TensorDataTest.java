package io.github.advent.entropy.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TensorDataTest {

    @Test
    void toNDArrayKeepsTypeShapeAndValues() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            TensorData f = SafetensorsTest.f32(new long[] {2, 2}, 1, 2, 3, 4.5f);
            NDArray a = f.toNDArray(m);
            assertEquals(DataType.FLOAT32, a.getDataType());
            assertEquals(new Shape(2, 2), a.getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4.5f}, a.toFloatArray(), 0f);

            TensorData h = SafetensorsTest.f16(new long[] {3}, 0x3c00, 0xc000, 0x7bff);
            NDArray ha = h.toNDArray(m);
            assertEquals(DataType.FLOAT16, ha.getDataType(), "float16 stays float16");
            assertArrayEquals(new float[] {1, -2, 65504}, ha.toType(DataType.FLOAT32, false).toFloatArray(), 0f);

            TensorData l = SafetensorsTest.i64(new long[0], 1L << 50);
            NDArray la = l.toNDArray(m);
            assertEquals(DataType.INT64, la.getDataType());
            assertEquals(new Shape(), la.getShape());
            assertArrayEquals(new long[] {1L << 50}, la.toLongArray());

            // and back, for writing
            assertEquals(f, TensorData.of(a));
            assertEquals(h, TensorData.of(ha));
            assertEquals(l, TensorData.of(la));
            NDArray d = m.create(new double[] {1.0});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorData.of(d));
            assertTrue(e.getMessage().contains("float64"), e.getMessage());
        }
    }

    @Test
    void readArraysGivesNamedNDArrays() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            LinkedHashMap<String, NDArray> arrays = WeightFiles.readArrays(Fixtures.file("resnet_zip.pth"), m);
            LinkedHashMap<String, TensorData> tensors = WeightFiles.read(Fixtures.file("resnet_zip.pth"));
            assertEquals(tensors.keySet(), arrays.keySet());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                assertEquals(e.getKey(), e.getValue().getName());
                assertEquals(tensors.get(e.getKey()), TensorData.of(e.getValue()), e.getKey());
            }
            assertEquals(DataType.INT64, arrays.get("bn1.num_batches_tracked").getDataType());
            assertEquals(DataType.FLOAT16, arrays.get("extra.half").getDataType());
            assertEquals(new Shape(4, 3, 3, 3), arrays.get("conv1.weight").getShape());
        }
    }

    @Test
    void everyHalfConvertsExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float got = HalfFloat.toFloat((short) bits);
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            if (exp == 0x1f) {
                assertEquals(mant == 0, Float.isInfinite(got), Integer.toHexString(bits));
                assertEquals(mant != 0, Float.isNaN(got), Integer.toHexString(bits));
                continue;
            }
            double want = exp == 0 ? sign * mant * Math.pow(2, -24) : sign * (1 + mant / 1024.0) * Math.pow(2, exp - 15);
            assertEquals(want, got, 0.0, Integer.toHexString(bits));
            assertEquals((bits & 0x8000) != 0, (Float.floatToRawIntBits(got) & 0x80000000) != 0, "sign of -0");
        }
    }

    @Test
    void dataIsReadOnlyAndIndependentOfCallers() {
        TensorData t = SafetensorsTest.f32(new long[] {2}, 1, 2);
        ByteBuffer d = t.data();
        assertThrows(ReadOnlyBufferException.class, () -> d.putFloat(0, 9));
        d.position(8);
        assertEquals(0, t.data().position());
        long[] shape = t.shape();
        shape[0] = 99;
        assertArrayEquals(new long[] {2}, t.shape());
        assertEquals(SafetensorsTest.f32(new long[] {2}, 1, 2), t);
        assertEquals(SafetensorsTest.f32(new long[] {2}, 1, 2).hashCode(), t.hashCode());
        assertNotEquals(SafetensorsTest.f32(new long[] {1, 2}, 1, 2), t);
        assertNotEquals(SafetensorsTest.f32(new long[] {2}, 1, 3), t);
        assertThrows(IllegalStateException.class, t::toLongArray);
        assertThrows(IllegalStateException.class, () -> SafetensorsTest.i64(new long[] {1}, 1).toFloatArray());
        assertThrows(IllegalArgumentException.class,
                () -> new TensorData(TensorType.FLOAT32, new long[] {3}, ByteBuffer.allocate(8)));
        assertEquals(2, t.numel());
        assertEquals(8, t.byteSize());
    }

    @Test
    void typeNamesMatchTheFormats() {
        assertEquals("<f4", TensorType.FLOAT32.numpyDescr());
        assertEquals("F16", TensorType.FLOAT16.safetensorsName());
        assertEquals(8, TensorType.INT64.byteSize());
        assertEquals(TensorType.INT64, TensorType.of(DataType.INT64).orElseThrow());
        assertTrue(TensorType.of(DataType.FLOAT64).isEmpty());
        assertEquals(TensorType.FLOAT16, TensorType.ofSafetensors("F16").orElseThrow());
        assertTrue(TensorType.ofSafetensors("BF16").isEmpty());
    }
}
