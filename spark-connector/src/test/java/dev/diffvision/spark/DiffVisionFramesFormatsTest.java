package dev.diffvision.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.core.Sampling;
import dev.diffvision.ops.geometry.transform.Transforms;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.Npy;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs (tensor structs of each dtype, .npy bytes, Parquet), shaping (resize, pad, byte-limited batches) and
 * outputs (tensor, Spark image struct, PNG, JPEG) in a real local[2] session, each against the pipeline called
 * directly in this JVM on each image alone.
 */
class DiffVisionFramesFormatsTest {

    private static final String SPEC = "rgb_to_grayscale | sobel";
    /** Batched vs single-image runs and float32 tensor round trips: 1e-5 absolute on values of order 1. */
    private static final float TOLERANCE = 1e-5f;

    @RegisterExtension
    static final SparkTestSessions.Fixture FIXTURE = SparkTestSessions.fixture(() -> SparkTestSessions.local(2));

    private static final StructType TENSOR_ROWS = new StructType().add("id", DataTypes.IntegerType)
            .add("t", OutputColumns.TENSOR_STRUCT);

    private static Row tensorRow(int id, HostTensor t, String dtype) {
        long[] s = t.shape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = (int) s[i];
        }
        byte[] le = new byte[(int) t.byteSize()];
        t.data().duplicate().order(ByteOrder.nativeOrder()).rewind().get(le);
        return RowFactory.create(id, TensorStructs.toRow(shape, dtype, le));
    }

    private static HostTensor asFloat32(HostTensor u8) {
        float[] v = u8.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] /= 255f;
        }
        return HostTensor.of(v, u8.shape());
    }

    private static HostTensor asFloat64(HostTensor u8) {
        float[] v = u8.toFloatArray();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i] / 255.0;
        }
        return HostTensor.of(d, u8.shape());
    }

    private static List<Row> run(Dataset<Row> in, ApplyOptions options) {
        return run(in, options, ApplyMetrics.register(FIXTURE.spark().sparkContext()));
    }

    /** Collects and sorts by id here: orderBy would evaluate the rows twice (its sampling job) and count twice. */
    private static List<Row> run(Dataset<Row> in, ApplyOptions options, ApplyMetrics metrics) {
        List<Row> out = new ArrayList<>(DiffVisionFrames.apply(in, options, metrics).collectAsList());
        out.sort(java.util.Comparator.comparingInt(r -> r.getInt(r.fieldIndex("id"))));
        return out;
    }

    private static float[] tensor(Row r) {
        return PipelineResults.values(r.getStruct(r.fieldIndex(OutputColumns.TENSOR)));
    }

    private static String error(Row r) {
        return r.getString(r.fieldIndex(OutputColumns.ERROR));
    }

    @Test
    void tensorStructsOfEachDtypeEqualTheDirectCall() {
        HostTensor u8 = TestImages.pixels(3, 12, 10, 1);
        List<HostTensor> inputs = List.of(u8, asFloat32(u8), asFloat64(u8));
        List<Row> rows = List.of(tensorRow(0, inputs.get(0), "uint8"), tensorRow(1, inputs.get(1), "float32"),
                tensorRow(2, inputs.get(2), "float64"));
        List<Row> out = run(FIXTURE.spark().createDataFrame(rows, TENSOR_ROWS), ApplyOptions.of(SPEC).withInputCol("t"));
        for (int i = 0; i < 3; i++) {
            assertNull(error(out.get(i)), inputs.get(i).toString());
            assertArrayEquals(PipelineResults.direct(SPEC, inputs.get(i), x -> x), tensor(out.get(i)), TOLERANCE);
        }
        // uint8 / 255 and the float tensors hold the same image
        assertArrayEquals(tensor(out.get(0)), tensor(out.get(2)), TOLERANCE);
    }

    @Test
    void npyBytesAreDecodedOnTheExecutor() {
        HostTensor chw = asFloat32(TestImages.pixels(3, 9, 11, 2));
        HostTensor hw = TestImages.pixels(1, 9, 11, 3);
        HostTensor hw2d = new HostTensor(new long[] {9, 11}, hw.dtype(), hw.data());
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("content", DataTypes.BinaryType);
        List<Row> rows = List.of(RowFactory.create(0, Npy.toBytes(chw)), RowFactory.create(1, Npy.toBytes(hw2d)));
        List<Row> out = run(FIXTURE.spark().createDataFrame(rows, schema), ApplyOptions.of("sobel"));
        assertArrayEquals(PipelineResults.direct("sobel", chw, x -> x), tensor(out.get(0)), TOLERANCE);
        assertArrayEquals(PipelineResults.direct("sobel", hw, x -> x), tensor(out.get(1)), TOLERANCE);
        assertEquals(List.of(1, 9, 11), out.get(1).getList(out.get(1).fieldIndex(OutputColumns.SHAPE)));
    }

    @Test
    void parquetOfTensorStructsRoundTrips(@TempDir Path dir) {
        HostTensor image = asFloat32(TestImages.pixels(3, 8, 8, 4));
        String path = dir.resolve("tensors.parquet").toString();
        FIXTURE.spark().createDataFrame(List.of(tensorRow(0, image, "float32")), TENSOR_ROWS).write().parquet(path);
        Dataset<Row> read = DiffVisionFrames.readTensors(FIXTURE.spark(), path);
        List<Row> out = run(read, ApplyOptions.of(SPEC).withInputCol("t"));
        assertArrayEquals(PipelineResults.direct(SPEC, image, x -> x), tensor(out.get(0)), TOLERANCE);

        String plain = dir.resolve("plain.parquet").toString();
        FIXTURE.spark().range(3).write().parquet(plain);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffVisionFrames.readTensors(FIXTURE.spark(), plain));
        assertTrue(e.getMessage().startsWith("readTensors: expected a column of struct<shape array<int>"), e.getMessage());
    }

    @Test
    void badTensorsAndNonFiniteValuesFailTheirRowOnly() {
        HostTensor good = asFloat32(TestImages.pixels(3, 6, 6, 5));
        float[] withNaN = good.toFloatArray();
        withNaN[7] = Float.NaN;
        List<Row> rows = new ArrayList<>();
        rows.add(tensorRow(0, good, "float32"));
        rows.add(RowFactory.create(1, TensorStructs.toRow(new int[] {3, 6, 6}, "int16", new byte[216])));
        rows.add(RowFactory.create(2, TensorStructs.toRow(new int[] {3, 6, 6}, "float32", new byte[100])));
        rows.add(RowFactory.create(3, TensorStructs.toRow(new int[] {1, 3, 6, 6}, "uint8", new byte[108])));
        rows.add(tensorRow(4, HostTensor.of(withNaN, 3, 6, 6), "float32"));
        Dataset<Row> in = FIXTURE.spark().createDataFrame(rows, TENSOR_ROWS).coalesce(1);
        ApplyMetrics metrics = ApplyMetrics.register(FIXTURE.spark().sparkContext());
        List<Row> out = run(in, ApplyOptions.of(SPEC).withInputCol("t").withRejectNonFinite(true)
                .withErrorCol("problem"), metrics);
        assertNull(out.get(0).getString(out.get(0).fieldIndex("problem")));
        assertEquals("tensor: expected dtype uint8, float32 or float64, got 'int16'", out.get(1).getString(
                out.get(1).fieldIndex("problem")));
        assertEquals("tensor: expected 432 data bytes for shape [3, 6, 6] float32, got 100",
                out.get(2).getString(out.get(2).fieldIndex("problem")));
        assertTrue(out.get(3).getString(out.get(3).fieldIndex("problem")).startsWith("tensor: expected shape (C, H, W)"));
        assertTrue(out.get(4).getString(out.get(4).fieldIndex("problem")).startsWith("input: expected finite values, got NaN"));
        assertEquals(3, metrics.failed(ErrorKind.BAD_TENSOR));
        assertEquals(1, metrics.failed(ErrorKind.NON_FINITE));
        assertEquals(1, metrics.succeeded());

        List<Row> passed = run(in.where("id = 4"), ApplyOptions.of(SPEC).withInputCol("t"));
        assertNull(error(passed.get(0)), "NaN passes when not rejected");
        assertTrue(Float.isNaN(tensor(passed.get(0))[0]) || hasNaN(tensor(passed.get(0))));
    }

    private static boolean hasNaN(float[] v) {
        for (float x : v) {
            if (Float.isNaN(x)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void nonFiniteOutputsAreRejectedWhenAsked() {
        // x * 1e30 * 1e30 overflows float32 (max 3.4e38) for every pixel above 3.4e-22: finite parameters, infinite
        // output (a zero std, which did this before, now fails every row with normalize's own error)
        String spec = "denormalize(mean=0.0, std=1e30) | denormalize(mean=0.0, std=1e30)";
        Dataset<Row> in = FIXTURE.spark().read().format("binaryFile").load(FIXTURE.images().resolve("a0.png").toString());
        List<Row> out = DiffVisionFrames.apply(in, ApplyOptions.of(spec).withRejectNonFinite(true)).collectAsList();
        assertEquals("pipeline: expected finite output values, got NaN or infinity", error(out.get(0)));
        assertNull(error(DiffVisionFrames.apply(in, ApplyOptions.of(spec).withOutputFormats(
                EnumSet.of(OutputFormat.TENSOR))).collectAsList().get(0)));
    }

    @Test
    void emptyPartitionsAndPartitionsOfOnlyBadRows() {
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("content", DataTypes.BinaryType);
        byte[] good = dev.diffvision.ops.io.ImageEncoder.encodePng(TestImages.pixels(3, 8, 8, 6));
        byte[] bad = {1, 2, 3};
        List<Row> rows = List.of(RowFactory.create(0, good), RowFactory.create(1, bad), RowFactory.create(2, bad),
                RowFactory.create(3, good), RowFactory.create(4, bad));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(FIXTURE.spark().sparkContext());
        Dataset<Row> in = FIXTURE.spark().createDataFrame(jsc.parallelize(rows, 9), schema);
        ApplyMetrics metrics = ApplyMetrics.register(FIXTURE.spark().sparkContext());
        List<Row> out = run(in, ApplyOptions.of(SPEC), metrics);
        assertEquals(5, out.size());
        for (int i : new int[] {1, 2, 4}) {
            assertTrue(error(out.get(i)).startsWith("decode: expected PNG or JPEG bytes"), error(out.get(i)));
        }
        assertEquals(3, metrics.failed(ErrorKind.UNDECODABLE));
        assertEquals(2, metrics.succeeded());
        assertEquals(2, metrics.batches(), "one batch per partition with a good row");
    }

    @Test
    void imagePngAndJpegOutputsEncodeTheClampedResult() {
        String spec = "adjust_gamma(gamma=0.8)";
        Dataset<Row> in = FIXTURE.spark().read().format("binaryFile").load(FIXTURE.images().resolve("a1.png").toString());
        Row r = DiffVisionFrames.apply(in, ApplyOptions.of(spec).withOutputFormats(EnumSet.allOf(OutputFormat.class)))
                .collectAsList().get(0);
        assertNull(error(r));
        HostTensor source = new ImageDecoder().decode(readPath(r));
        float[] direct = PipelineResults.direct(spec, source, x -> x);
        byte[] expected = new byte[direct.length];
        for (int i = 0; i < direct.length; i++) {
            expected[i] = (byte) Math.floor(Math.min(Math.max(direct[i], 0f), 1f) * 255f + 0.5f);
        }
        int plane = 24 * 32;
        Row image = r.getStruct(r.fieldIndex(OutputColumns.IMAGE));
        assertEquals(24, image.getInt(image.fieldIndex("height")));
        assertEquals(32, image.getInt(image.fieldIndex("width")));
        assertEquals(16, image.getInt(image.fieldIndex("mode")), "CV_8UC3");
        assertArrayEquals(SparkImageStructs.toInterleavedBgr(expected, 3, plane), (byte[]) image.get(image.fieldIndex("data")));
        byte[] png = new byte[expected.length];
        new ImageDecoder().decode((byte[]) r.get(r.fieldIndex(OutputColumns.PNG))).data().get(png);
        assertArrayEquals(expected, png, "PNG is lossless");
        byte[] jpeg = new byte[expected.length];
        new ImageDecoder().decode((byte[]) r.get(r.fieldIndex(OutputColumns.JPEG))).data().get(jpeg);
        double meanAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            meanAbs += Math.abs((expected[i] & 0xFF) - (jpeg[i] & 0xFF));
        }
        // JPEG at quality 0.9 with 4:2:0 chroma on noisy 24 x 32 content: mean error well under 16 of 255
        assertTrue(meanAbs / expected.length < 16, "JPEG mean abs error " + meanAbs / expected.length);

        Dataset<Row> rgba = FIXTURE.spark().read().format("binaryFile").load(FIXTURE.images().resolve("rgba.png").toString());
        Row rejected = DiffVisionFrames.apply(rgba, ApplyOptions.of("invert").withOutputFormats(
                EnumSet.of(OutputFormat.JPEG))).collectAsList().get(0);
        assertTrue(error(rejected).startsWith("encodeJpeg: expected CHW tensor with 1 or 3 channels"), error(rejected));
    }

    private static byte[] readPath(Row r) {
        try {
            return java.nio.file.Files.readAllBytes(Path.of(java.net.URI.create(r.getString(r.fieldIndex("path")))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void resizeBatchesEverySizeTogetherAndEqualsResizingDirectly() {
        Dataset<Row> in = FIXTURE.spark().read().format("binaryFile").option("pathGlobFilter", "{a[0-9],b}.png")
                .load(FIXTURE.images().toString()).coalesce(1);
        ApplyMetrics metrics = ApplyMetrics.register(FIXTURE.spark().sparkContext());
        List<Row> out = DiffVisionFrames.apply(in, ApplyOptions.of(SPEC).withResizeTo(14, 18), metrics).collectAsList();
        assertEquals(5, out.size());
        assertEquals(1, metrics.batches(), "24x32 and 20x20 images resized into one batch");
        for (Row r : out) {
            assertNull(error(r));
            HostTensor source = new ImageDecoder().decode(readPath(r));
            float[] direct = PipelineResults.direct(SPEC, source,
                    x -> Transforms.resize(x, new int[] {14, 18}, Sampling.Resize.BILINEAR, false, null, false));
            assertArrayEquals(direct, tensor(r), TOLERANCE);
        }
    }

    @Test
    void padPlacesImagesTopLeftWithAValidityMask() {
        Dataset<Row> in = FIXTURE.spark().read().format("binaryFile").option("pathGlobFilter", "{a[0-9],b}.png")
                .load(FIXTURE.images().toString()).coalesce(1);
        List<Row> out = DiffVisionFrames.apply(in, ApplyOptions.of(SPEC).withPadTo(22, 32)).collectAsList();
        for (Row r : out) {
            String name = r.getString(r.fieldIndex("path"));
            if (name.contains("/a")) {
                assertEquals("pad: expected an image of at most 22 x 32 (H x W), got HostTensor(UINT8, (3, 24, 32))",
                        error(r));
                continue;
            }
            assertNull(error(r));
            HostTensor source = new ImageDecoder().decode(readPath(r));
            float[] direct = PipelineResults.direct(SPEC, source, x -> zeroPad(x, 22, 32));
            assertArrayEquals(direct, tensor(r), TOLERANCE);
            Row mask = r.getStruct(r.fieldIndex(OutputColumns.MASK));
            assertEquals(List.of(1, 22, 32), mask.getList(0));
            byte[] m = (byte[]) mask.get(2);
            for (int y = 0; y < 22; y++) {
                for (int x = 0; x < 32; x++) {
                    assertEquals(y < 20 && x < 20 ? 1 : 0, m[y * 32 + x], "mask at " + y + ", " + x);
                }
            }
        }
    }

    /** Zero canvas of (1, C, h, w) with x at the top-left, built by concatenation (an independent path). */
    private static NDArray zeroPad(NDArray x, int h, int w) {
        Shape s = x.getShape();
        NDArray right = x.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), w - s.get(3)));
        NDArray wide = x.concat(right, 3);
        NDArray below = x.getManager().zeros(new Shape(s.get(0), s.get(1), h - s.get(2), w));
        return wide.concat(below, 2);
    }

    @Test
    void maxBatchBytesSplitsBatchesWithoutChangingResults() {
        Dataset<Row> in = FIXTURE.spark().read().format("binaryFile").option("pathGlobFilter", "a*.png")
                .load(FIXTURE.images().toString()).coalesce(1);
        // each 3 x 24 x 32 image is 9,216 float32 bytes: 20,000 bytes hold two of the four
        ApplyMetrics metrics = ApplyMetrics.register(FIXTURE.spark().sparkContext());
        List<Row> limited = DiffVisionFrames.apply(in, ApplyOptions.of(SPEC).withMaxBatchBytes(20_000), metrics)
                .collectAsList();
        assertEquals(2, metrics.batches());
        ApplyMetrics whole = ApplyMetrics.register(FIXTURE.spark().sparkContext());
        List<Row> unlimited = DiffVisionFrames.apply(in, ApplyOptions.of(SPEC), whole).collectAsList();
        assertEquals(1, whole.batches());
        assertEquals(4, limited.size());
        for (int i = 0; i < limited.size(); i++) {
            assertEquals(unlimited.get(i).getString(0), limited.get(i).getString(0), "one partition keeps its order");
            assertArrayEquals(tensor(unlimited.get(i)), tensor(limited.get(i)), TOLERANCE);
        }
    }
}
