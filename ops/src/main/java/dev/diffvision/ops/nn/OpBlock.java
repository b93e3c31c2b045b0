package dev.diffvision.ops.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.Pipeline;

import java.util.Map;

/**
 * Any registered op, or a whole pipeline, as a parameter-free DJL {@code Block}, so it can sit inside a DJL
 * model ({@code SequentialBlock}, a {@code Trainer}'s forward pass) with gradients flowing through it.
 *
 * <p>The block stores the configured op and delegates to it: the op's function stays the one source of truth.
 * input: one tensor, as the op documents (usually {@code (B, C, H, W)}); output: the op's result. Output shapes
 * are found by running the op once on zeros of the input shape.
 *
 * <pre>{@code
 * Block edges = OpBlock.of("sobel", Map.of("normalized", false));
 * Block pre = OpBlock.pipeline("rgb_to_grayscale | gaussian_blur2d(kernel_size=5, sigma=(1.5, 1.5))");
 * SequentialBlock net = new SequentialBlock().add(pre).add(myConvNet);
 * }</pre>
 */
public final class OpBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ImageOp op;
    private final String description;

    private OpBlock(ImageOp op, String description) {
        super(VERSION);
        this.op = op;
        this.description = description;
    }

    /**
     * A registered op by its Kornia name.
     *
     * @param name e.g. {@code sobel}
     * @param kwargs keyword arguments, as in a pipeline spec
     * @return the block
     * @throws IllegalArgumentException for an unknown op or bad arguments
     */
    public static OpBlock of(String name, Map<String, ?> kwargs) {
        return new OpBlock(OpRegistry.defaults().create(name, kwargs), name + kwargs);
    }

    /**
     * A pipeline spec, e.g. {@code rgb_to_grayscale | sobel}.
     *
     * @param spec the pipeline text
     * @return the block
     * @throws IllegalArgumentException for an invalid spec
     */
    public static OpBlock pipeline(String spec) {
        Pipeline p = OpRegistry.defaults().pipeline(spec);
        return new OpBlock(p, p.spec());
    }

    /**
     * Any configured op.
     *
     * @param op the op
     * @param description how {@link #toString()} names it
     * @return the block
     */
    public static OpBlock wrap(ImageOp op, String description) {
        return new OpBlock(op, description);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(description + ": expected one input tensor, got " + inputs.size());
        }
        return new NDList(op.apply(inputs.singletonOrThrow()));
    }

    /**
     * Runs the op once on zeros of {@code inputShapes[0]} (float32, on the CPU) to learn its output shape.
     *
     * @param inputShapes one shape
     * @return the output shape
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 1) {
            throw new IllegalArgumentException(description + ": expected one input shape, got " + inputShapes.length);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray probe = m.zeros(inputShapes[0], DataType.FLOAT32);
            return new Shape[] {op.apply(probe).getShape()};
        }
    }

    @Override
    public String toString() {
        return "OpBlock(" + description + ")";
    }
}
