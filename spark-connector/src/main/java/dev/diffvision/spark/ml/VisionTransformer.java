package dev.diffvision.spark.ml;

import dev.diffvision.ops.core.Names;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.spark.ApplyOptions;
import dev.diffvision.spark.DiffVisionFrames;
import dev.diffvision.spark.OutputColumns;
import dev.diffvision.spark.OutputFormat;
import dev.diffvision.spark.ResizePrecision;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * A Spark ML {@link Transformer} that runs a DiffVision pipeline over an image column: the ML-stage face of
 * {@link DiffVisionFrames#apply}, usable inside a Spark ML {@code Pipeline} and saved/loaded with it.
 *
 * <p>It keeps every input column and adds {@code outputCol} (the result in {@code outputFormat}: {@code tensor}
 * = DiffVision's tensor struct, float32 row-major {@code (C, H, W)}; {@code image} = Spark's image struct;
 * {@code png} / {@code jpeg} = encoded bytes), {@code errorCol} (null when the row succeeded, else what went
 * wrong; the output is then null) and, with {@code padTo}, {@code <outputCol>_mask} (which pixels are real).
 * Rows in == rows out; bad rows never fail the job.
 *
 * <p>Params: {@code inputCol} (binary PNG/JPEG/.npy bytes, Spark's image struct or a tensor struct; default
 * {@code content}), {@code outputCol} (default {@code output}), {@code pipeline} (spec text, validated when set;
 * required), {@code batchSize} (default 16), {@code maxBatchBytes} (default 256 MiB of float32),
 * {@code resizeTo} / {@code padTo} ({@code [height, width]}; at most one; unset: images batch by shape),
 * {@code resizePrecision} ({@code float}, the default, or {@code pixels}: see {@link #setResizePrecision}),
 * {@code outputFormat} (default {@code tensor}), {@code errorCol} (default {@code error}).
 *
 * <pre>{@code
 * VisionTransformer edges = new VisionTransformer()
 *         .setInputCol("content").setOutputCol("edges")
 *         .setPipeline("rgb_to_grayscale | sobel").setResizeTo(224, 224).setOutputFormat("png");
 * PipelineModel model = new Pipeline().setStages(new PipelineStage[] {edges}).fit(files);
 * model.write().overwrite().save("hdfs:///models/edges");
 * Dataset<Row> out = PipelineModel.load("hdfs:///models/edges").transform(files);
 * }</pre>
 */
public class VisionTransformer extends Transformer implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;
    private static final List<String> FORMATS = List.of("tensor", "image", "png", "jpeg");
    private static final List<String> PRECISIONS = List.of("float", "pixels");

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> pipeline;
    private final IntParam batchSize;
    private final LongParam maxBatchBytes;
    private final IntArrayParam resizeTo;
    private final IntArrayParam padTo;
    private final Param<String> resizePrecision;
    private final Param<String> outputFormat;
    private final Param<String> errorCol;

    /** A transformer with a random uid. */
    public VisionTransformer() {
        this(Identifiable$.MODULE$.randomUID("visionTransformer"));
    }

    /**
     * The constructor Spark's loader calls.
     *
     * @param uid the stage's unique id
     */
    public VisionTransformer(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "image column: binary (PNG/JPEG/.npy), Spark image struct or tensor struct",
                valid(v -> v != null && !v.isBlank()));
        outputCol = new Param<>(this, "outputCol", "name of the result column", valid(v -> v != null && !v.isBlank()));
        pipeline = new Param<>(this, "pipeline", "DiffVision pipeline spec, e.g. 'rgb_to_grayscale | sobel'",
                valid(VisionTransformer::validSpec));
        batchSize = new IntParam(this, "batchSize", "images per batch (>= 1)", valid(v -> (Integer) v >= 1));
        maxBatchBytes = new LongParam(this, "maxBatchBytes", "largest decoded float32 bytes of one batch (>= 1)",
                valid(v -> (Long) v >= 1));
        resizeTo = new IntArrayParam(this, "resizeTo", "[height, width] every image is resized to (bilinear)",
                valid(VisionTransformer::validSize));
        padTo = new IntArrayParam(this, "padTo", "[height, width] every image is zero-padded to",
                valid(VisionTransformer::validSize));
        resizePrecision = new Param<>(this, "resizePrecision", "what resizeTo resizes: float (values in [0, 1], "
                + "Kornia's resize) or pixels (8-bit images as uint8 on the CPU, within 1 level of float)",
                valid(v -> v != null && PRECISIONS.contains(v)));
        outputFormat = new Param<>(this, "outputFormat", "result format: tensor, image, png or jpeg",
                valid(v -> v != null && FORMATS.contains(v)));
        errorCol = new Param<>(this, "errorCol", "name of the error column", valid(v -> v != null && !v.isBlank()));
        setDefault(inputCol, "content");
        setDefault(outputCol, "output");
        setDefault(batchSize, ApplyOptions.DEFAULT_BATCH_SIZE);
        setDefault(maxBatchBytes, ApplyOptions.DEFAULT_MAX_BATCH_BYTES);
        setDefault(outputFormat, "tensor");
        setDefault(resizePrecision, "float");
        setDefault(errorCol, ApplyOptions.DEFAULT_ERROR_COL);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the input column param */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** @return the output column param */
    public Param<String> outputCol() {
        return outputCol;
    }

    /** @return the pipeline spec param */
    public Param<String> pipeline() {
        return pipeline;
    }

    /** @return the batch size param */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the batch byte limit param */
    public LongParam maxBatchBytes() {
        return maxBatchBytes;
    }

    /** @return the resize target param, {@code [height, width]} */
    public IntArrayParam resizeTo() {
        return resizeTo;
    }

    /** @return the pad target param, {@code [height, width]} */
    public IntArrayParam padTo() {
        return padTo;
    }

    /** @return the resize precision param, {@code float} or {@code pixels} */
    public Param<String> resizePrecision() {
        return resizePrecision;
    }

    /** @return the output format param */
    public Param<String> outputFormat() {
        return outputFormat;
    }

    /** @return the error column param */
    public Param<String> errorCol() {
        return errorCol;
    }

    /**
     * @param column the image column
     * @return this
     */
    public VisionTransformer setInputCol(String column) {
        return (VisionTransformer) set(inputCol, column);
    }

    /**
     * @param column the result column
     * @return this
     */
    public VisionTransformer setOutputCol(String column) {
        return (VisionTransformer) set(outputCol, column);
    }

    /**
     * @param spec a pipeline spec
     * @return this
     * @throws IllegalArgumentException naming the problem if the spec is invalid (unknown op, parameter or value)
     */
    public VisionTransformer setPipeline(String spec) {
        return (VisionTransformer) set(pipeline, spec);
    }

    /**
     * @param size images per batch, >= 1
     * @return this
     */
    public VisionTransformer setBatchSize(int size) {
        return (VisionTransformer) set(batchSize, size);
    }

    /**
     * @param bytes the largest decoded float32 size of one batch, >= 1
     * @return this
     */
    public VisionTransformer setMaxBatchBytes(long bytes) {
        return (VisionTransformer) set(maxBatchBytes, bytes);
    }

    /**
     * Resizes every image to {@code height x width} (clears {@code padTo}).
     *
     * @param height rows, >= 1
     * @param width columns, >= 1
     * @return this
     */
    public VisionTransformer setResizeTo(int height, int width) {
        clear(padTo);
        return (VisionTransformer) set(resizeTo, new int[] {height, width});
    }

    /**
     * Zero-pads every image to {@code height x width} and adds {@code <outputCol>_mask} (clears {@code resizeTo}).
     *
     * @param height rows, >= 1
     * @param width columns, >= 1
     * @return this
     */
    public VisionTransformer setPadTo(int height, int width) {
        clear(resizeTo);
        return (VisionTransformer) set(padTo, new int[] {height, width});
    }

    /**
     * What {@code resizeTo} resizes (see {@link ResizePrecision}): {@code float} (default; values in [0, 1],
     * Kornia's resize) or {@code pixels} (8-bit images resized as uint8 on the CPU, then scaled: faster, each
     * value within 1 level of 255 of {@code float}; 16-bit and float images still take the float path).
     *
     * @param precision {@code float} or {@code pixels} (any case)
     * @return this
     * @throws IllegalArgumentException for any other value
     */
    public VisionTransformer setResizePrecision(String precision) {
        return (VisionTransformer) set(resizePrecision, precision(precision).name().toLowerCase(Locale.ROOT));
    }

    /**
     * @param format {@code tensor}, {@code image}, {@code png} or {@code jpeg} (any case)
     * @return this
     * @throws IllegalArgumentException for any other value
     */
    public VisionTransformer setOutputFormat(String format) {
        return (VisionTransformer) set(outputFormat, format(format).name().toLowerCase(Locale.ROOT));
    }

    /**
     * @param column the error column
     * @return this
     */
    public VisionTransformer setErrorCol(String column) {
        return (VisionTransformer) set(errorCol, column);
    }

    /**
     * @return the {@link ApplyOptions} these params stand for, reading from {@code column}
     * @param column the input column to read
     * @throws IllegalArgumentException if {@code pipeline} is not set
     */
    ApplyOptions options(String column) {
        if (!isDefined(pipeline)) {
            throw new IllegalArgumentException("VisionTransformer: expected the pipeline param to be set, got none");
        }
        ApplyOptions o = ApplyOptions.of(getOrDefault(pipeline)).withInputCol(column)
                .withBatchSize((Integer) getOrDefault(batchSize)).withMaxBatchBytes((Long) getOrDefault(maxBatchBytes))
                .withErrorCol(getOrDefault(errorCol)).withOutputFormats(EnumSet.of(format()))
                .withResizePrecision(precision(getOrDefault(resizePrecision)));
        if (isDefined(resizeTo)) {
            int[] hw = getOrDefault(resizeTo);
            o = o.withResizeTo(hw[0], hw[1]);
        }
        if (isDefined(padTo)) {
            int[] hw = getOrDefault(padTo);
            o = o.withPadTo(hw[0], hw[1]);
        }
        return o;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        checkColumns(dataset.schema());
        return plan(dataset.toDF());
    }

    /**
     * The schema {@link #transform} produces: the input's columns, then {@code outputCol}, the mask column with
     * {@code padTo}, and {@code errorCol}. Computed by Spark from the same plan on an empty Dataset of this
     * schema (needs an active session, as any ML stage does when a Pipeline runs).
     *
     * @throws IllegalArgumentException if the input column is missing or of the wrong type, an output column
     *     already exists, or the pipeline is not set
     */
    @Override
    public StructType transformSchema(StructType schema) {
        checkColumns(schema);
        SparkSession spark = SparkSession.active();
        return plan(spark.createDataFrame(new ArrayList<Row>(), schema)).schema();
    }

    @Override
    public VisionTransformer copy(ParamMap extra) {
        return (VisionTransformer) defaultCopy(extra);
    }

    /** @return a reader for saved VisionTransformers */
    public static MLReader<VisionTransformer> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * @param path where {@code save} wrote the stage
     * @return the stage
     */
    public static VisionTransformer load(String path) {
        return read().load(path);
    }

    /**
     * The input's other columns travel packed in one struct beside the image column, renamed, so the result of
     * {@link DiffVisionFrames#apply} (which keeps the image column and adds its own columns) cannot collide with
     * them; then the columns are put back in their order and the result renamed. The image column travels once:
     * packing it into the struct too would copy every image twice more per row.
     */
    private Dataset<Row> plan(Dataset<Row> df) {
        String tag = uid.replaceAll("[^A-Za-z0-9_]", "_");
        String kept = "__dv_kept_" + tag;
        String image = "__dv_image_" + tag;
        String input = getOrDefault(inputCol);
        Column[] others = Arrays.stream(df.columns()).filter(c -> !c.equals(input)).map(c -> df.col(quote(c)))
                .toArray(Column[]::new);
        List<Column> packing = new ArrayList<>();
        if (others.length > 0) {
            packing.add(functions.struct(others).as(kept));
        }
        packing.add(df.col(quote(input)).as(image));
        ApplyOptions options = options(image).withInputKept(true);
        Dataset<Row> applied = DiffVisionFrames.apply(df.select(packing.toArray(Column[]::new)), options);
        List<Column> out = new ArrayList<>();
        for (String c : df.columns()) {
            out.add(c.equals(input) ? functions.col(image).as(c) : functions.col(quote(kept) + "." + quote(c)));
        }
        out.add(functions.col(formatColumn()).as(getOrDefault(outputCol)));
        if (isDefined(padTo)) {
            out.add(functions.col(OutputColumns.MASK).as(getOrDefault(outputCol) + "_mask"));
        }
        out.add(functions.col(quote(options.errorCol())));
        return applied.select(out.toArray(Column[]::new));
    }

    private void checkColumns(StructType schema) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(getOrDefault(inputCol))) {
            throw new IllegalArgumentException("VisionTransformer: expected input column '" + getOrDefault(inputCol)
                    + "', got columns " + names);
        }
        List<String> added = new ArrayList<>(List.of(getOrDefault(outputCol), getOrDefault(errorCol)));
        if (isDefined(padTo)) {
            added.add(getOrDefault(outputCol) + "_mask");
        }
        for (String name : added) {
            if (names.contains(name)) {
                throw new IllegalArgumentException("VisionTransformer: expected output column '" + name
                        + "' not to exist yet, got columns " + names);
            }
        }
        if (getOrDefault(outputCol).equals(getOrDefault(errorCol))) {
            throw new IllegalArgumentException("VisionTransformer: expected different output and error columns, got '"
                    + getOrDefault(errorCol) + "' for both");
        }
    }

    private OutputFormat format() {
        return format(getOrDefault(outputFormat));
    }

    private static OutputFormat format(String name) {
        return Names.parse(OutputFormat.values(), name, "VisionTransformer", "outputFormat");
    }

    private static ResizePrecision precision(String name) {
        return Names.parse(ResizePrecision.values(), name, "VisionTransformer", "resizePrecision");
    }

    private String formatColumn() {
        return switch (format()) {
            case TENSOR -> OutputColumns.TENSOR;
            case IMAGE -> OutputColumns.IMAGE;
            case PNG -> OutputColumns.PNG;
            case JPEG -> OutputColumns.JPEG;
        };
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static boolean validSpec(String spec) {
        OpRegistry.defaults().pipeline(spec);   // throws IllegalArgumentException naming what is wrong
        return true;
    }

    private static Boolean validSize(int[] hw) {
        return hw != null && hw.length == 2 && hw[0] >= 1 && hw[1] >= 1;
    }

    @SuppressWarnings("unchecked")
    private static <T> Function1<T, Object> valid(java.util.function.Predicate<T> test) {
        return (Function1<T, Object> & Serializable) test::test;
    }
}
