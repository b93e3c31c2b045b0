package dev.diffvision.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.EngineInfo;
import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import dev.diffvision.ops.io.ImageEncoder;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.io.PixelRange;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code diffvision apply}: runs a pipeline on one file, without Spark.
 *
 * <p>Input by extension: PNG/JPEG are decoded (channels as stored, or converted with {@code --channels}) to float32 {@code (C, H, W)} in [0, 1];
 * {@code .npy} is read as-is (values unscaled, converted to float32) as {@code (C, H, W)}, {@code (B, C, H, W)}
 * or {@code (H, W)}, or with {@code --layout hwc} as {@code (H, W, C)} / {@code (B, H, W, C)}. A batch axis is
 * added for the pipeline when the input has none. Output by extension: {@code .png} (8-bit, values clamped to
 * [0, 1]), {@code .jpg}/{@code .jpeg} (quality 0.9, 1 or 3 channels), or {@code .npy} (float32, in the same
 * layout convention and rank as the input). The output is written to a temporary file and moved into place.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a pipeline on one PNG/JPEG/.npy file and writes .png, .jpg or .npy (chosen by the"
                + " output's extension).")
final class ApplyCommand implements Callable<Integer> {

    /** Layout of {@code .npy} arrays. */
    enum Layout {
        /** Channels first: {@code (C, H, W)} or {@code (B, C, H, W)}. */
        CHW,
        /** Channels last: {@code (H, W, C)} or {@code (B, H, W, C)}. */
        HWC
    }

    /** File formats by extension. */
    private enum Format {
        PNG, JPEG, NPY;

        static Format of(Path file) {
            String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".png")) {
                return PNG;
            }
            if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
                return JPEG;
            }
            return n.endsWith(".npy") ? NPY : null;
        }
    }

    private static final float JPEG_QUALITY = 0.9f;

    @Option(names = "--pipeline", paramLabel = "SPEC", required = true, order = 0,
            description = "Pipeline spec, e.g. 'rgb_to_grayscale | sobel(normalized=false)'.")
    private String pipeline;

    @Option(names = "--input", paramLabel = "FILE", required = true, order = 1,
            description = "A .png, .jpg/.jpeg or .npy file.")
    private Path input;

    @Option(names = "--output", paramLabel = "FILE", required = true, order = 2,
            description = "Where to write: .png (8-bit), .jpg/.jpeg or .npy (float32); replaced if it exists.")
    private Path output;

    @Option(names = "--layout", paramLabel = "chw|hwc", defaultValue = "chw", order = 3,
            description = "Layout of .npy input and output: chw, (C, H, W) or (B, C, H, W); hwc, (H, W, C) or"
                    + " (B, H, W, C). Default: ${DEFAULT-VALUE}.")
    private Layout layout;

    @Option(names = "--channels", paramLabel = "keep|gray|rgb|rgba", defaultValue = "keep", order = 4,
            description = "Channel layout PNG/JPEG input is converted to before the pipeline: keep (as stored), gray,"
                    + " rgb or rgba (default: ${DEFAULT-VALUE}). .npy input is used as is.")
    private DecodeOptions.Channels channels;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + DecodeOptions.DEFAULT_MAX_PIXELS, order = 5,
            description = "Images declaring more than N pixels are rejected before decoding (default: ${DEFAULT-VALUE}).")
    private long maxPixels;

    private final PrintStream out;

    /** @param out what was written */
    ApplyCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Format in = Format.of(input);
        Format to = Format.of(output);
        if (in == null) {
            throw new UsageException("expected --input to end in .png, .jpg, .jpeg or .npy, got " + input);
        }
        if (to == null) {
            throw new UsageException("expected --output to end in .png, .jpg, .jpeg or .npy, got " + output);
        }
        if (!Files.isRegularFile(input)) {
            throw new UsageException("input " + input.toAbsolutePath() + " does not exist or is not a file");
        }
        if (Files.isDirectory(output)) {
            throw new UsageException("output " + output.toAbsolutePath() + " is a folder");
        }
        Pipeline p;
        try {
            p = OpRegistry.defaults().pipeline(pipeline);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid --pipeline '" + pipeline + "': " + e.getMessage(), e);
        }
        DecodeOptions decode;
        try {
            decode = DecodeOptions.defaults().withMaxPixels(maxPixels).withChannels(channels);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }

        EngineInfo engine = DiffVisionEngine.start();
        long start = System.nanoTime();
        try (NDManager manager = DiffVisionEngine.newManager()) {
            boolean batched;
            NDArray batch;
            String inShape;
            if (in == Format.NPY) {
                NDArray raw = Npy.read(manager, input).toType(DataType.FLOAT32, false);
                inShape = shape(raw.getShape().getShape());
                int rank = raw.getShape().dimension();
                if (rank < 2 || rank > 4) {
                    throw new UsageException("expected a .npy array of rank 2, 3 or 4, got shape " + inShape);
                }
                batched = rank == 4;
                NDArray chw = rank == 2 ? raw.expandDims(0) : layout == Layout.HWC ? toChw(raw) : raw;
                batch = batched ? chw : chw.expandDims(0);
            } else {
                HostTensor decoded = new ImageDecoder(decode).decode(input);
                inShape = shape(decoded.shape());
                batched = false;
                batch = PixelRange.toUnitFloat(decoded, manager).expandDims(0);
            }
            if (to != Format.NPY && batch.getShape().get(0) != 1) {
                throw new UsageException("cannot write a batch of " + batch.getShape().get(0) + " images to one "
                        + to + " file; write .npy instead");
            }
            NDArray result = p.apply(batch);
            long[] written = write(result, to, batched);
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.printf(Locale.ROOT, "wrote %s: %s, shape %s%n", output, describe(to), shape(written));
            out.printf(Locale.ROOT, "  from %s %s through '%s' on %s in %d ms (engine start-up %d ms)%n", input,
                    inShape, p.spec(), result.getDevice(), millis, engine.startupMillis());
        }
        return ExitCodes.OK;
    }

    /** Writes the pipeline result ({@code (B, ...)}) and returns the shape written. */
    private long[] write(NDArray result, Format to, boolean batched) throws IOException, UsageException {
        byte[] bytes;
        long[] shape;
        if (to == Format.NPY) {
            NDArray array = batched ? result : result.squeeze(0);
            if (layout == Layout.HWC && array.getShape().dimension() >= 3) {
                array = fromChw(array);
            }
            HostTensor host = HostTensor.fromNDArray(array.toType(DataType.FLOAT32, false));
            shape = host.shape();
            bytes = Npy.toBytes(host);
        } else {
            if (result.getShape().dimension() != 4) {
                throw new UsageException("cannot write an output of shape " + shape(result.getShape().getShape())
                        + " as " + to + "; expected (1, C, H, W) — write .npy instead");
            }
            NDArray chw = result.get(0);
            shape = chw.getShape().getShape();
            try {
                bytes = to == Format.PNG ? ImageEncoder.encodePng(chw, 8) : ImageEncoder.encodeJpeg(chw, JPEG_QUALITY);
            } catch (IllegalArgumentException e) {
                throw new UsageException("cannot write the output as " + to + ": " + e.getMessage()
                        + " — write .npy instead", e);
            }
        }
        Path target = output.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return shape;
    }

    /** (H, W, C) -> (C, H, W) and (B, H, W, C) -> (B, C, H, W). */
    private static NDArray toChw(NDArray x) {
        return x.getShape().dimension() == 3 ? x.transpose(2, 0, 1) : x.transpose(0, 3, 1, 2);
    }

    /** The inverse of {@link #toChw}. */
    private static NDArray fromChw(NDArray x) {
        return x.getShape().dimension() == 3 ? x.transpose(1, 2, 0) : x.transpose(0, 2, 3, 1);
    }

    private String describe(Format to) {
        return switch (to) {
            case PNG -> "PNG 8-bit";
            case JPEG -> "JPEG quality " + JPEG_QUALITY;
            case NPY -> "npy float32 " + layout.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String shape(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
