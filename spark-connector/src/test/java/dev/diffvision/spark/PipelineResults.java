package dev.diffvision.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.PixelRange;
import dev.diffvision.ops.registry.OpRegistry;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks Spark outputs against the pipeline called directly, in this JVM, on each image alone. */
final class PipelineResults {

    private PipelineResults() {}

    /**
     * @param spec the pipeline
     * @param file an image file
     * @return the direct result for that one image, float32 values, row-major {@code (C, H, W)}
     * @throws IOException if the file cannot be read
     */
    static float[] direct(String spec, Path file) throws IOException {
        return direct(spec, new ImageDecoder().decode(Files.readAllBytes(file)), x -> x);
    }

    /**
     * @param spec the pipeline
     * @param image one {@code (C, H, W)} image: integers are scaled to [0, 1], floats taken as they are
     * @param shaping applied to the {@code (1, C, H, W)} float32 image before the pipeline (resize, pad, identity)
     * @return the direct result for that one image, float32 values, row-major {@code (C, H, W)}
     */
    static float[] direct(String spec, HostTensor image, UnaryOperator<NDArray> shaping) {
        try (NDManager m = DiffVisionEngine.newManager()) {
            NDArray x = image.dtype().isInteger() ? PixelRange.toUnitFloat(image, m)
                    : image.toNDArray(m).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            return OpRegistry.defaults().pipeline(spec).apply(shaping.apply(x.expandDims(0))).toFloatArray();
        }
    }

    /**
     * @param tensor a tensor-struct cell
     * @return its float32 values
     */
    static float[] values(Row tensor) {
        assertEquals("float32", tensor.getString(1));
        ByteBuffer b = ByteBuffer.wrap((byte[]) tensor.get(2)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /**
     * Asserts the output rows of {@code rgb_to_grayscale | sobel} over {@link TestImages#folder}: the good
     * images equal the direct call within 1e-6 (batched vs single convolution may round differently), the
     * others carry their errors.
     *
     * @param rows collected output rows (path, ..., shape, tensor, png, device, error)
     * @param spec the pipeline that ran
     * @throws IOException if an input cannot be re-read
     */
    static void assertMatchesDirect(List<Row> rows, String spec) throws IOException {
        assertEquals(7, rows.size(), "rows in == rows out");
        Map<String, Row> byName = new TreeMap<>();
        for (Row r : rows) {
            String path = r.getString(r.fieldIndex("path"));
            byName.put(path.substring(path.lastIndexOf('/') + 1), r);
        }
        for (String name : List.of("a0.png", "a1.png", "a2.png", "a3.png", "b.png")) {
            Row r = byName.get(name);
            assertNull(r.get(r.fieldIndex(OutputColumns.ERROR)), name);
            Path file = Path.of(URI.create(r.getString(r.fieldIndex("path"))));
            assertArrayEquals(direct(spec, file), values(r.getStruct(r.fieldIndex(OutputColumns.TENSOR))), 1e-6f, name);
            assertNotNull(r.get(r.fieldIndex(OutputColumns.PNG)), name);
            List<Integer> shape = r.getList(r.fieldIndex(OutputColumns.SHAPE));
            assertEquals(1, shape.get(0));
        }
        String broken = byName.get("broken.png").getString(byName.get("broken.png").fieldIndex(OutputColumns.ERROR));
        assertTrue(broken.startsWith("decode: expected PNG or JPEG bytes"), broken);
        String rgba = byName.get("rgba.png").getString(byName.get("rgba.png").fieldIndex(OutputColumns.ERROR));
        assertEquals("rgb_to_grayscale: expected image with 3 channels (dimension -3), got shape (1, 4, 24, 32)", rgba);
    }
}
