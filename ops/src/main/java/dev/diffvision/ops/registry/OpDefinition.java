package dev.diffvision.ops.registry;

import dev.diffvision.ops.io.HostTensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A registered op: its Kornia name, its keyword parameters and how to build a configured {@link ImageOp}.
 *
 * <pre>{@code
 * OpDefinition.builder("sobel", "gradient magnitude of every channel")
 *     .param(ParamSpec.of("normalized", ParamType.BOOLEAN, true, "divide kernels by their L1 norm"))
 *     .param(ParamSpec.of("eps", ParamType.FLOAT, 1e-6, "added inside the square root"))
 *     .factory(args -> x -> Sobel.sobel(x, args.bool("normalized"), args.real("eps")))
 *     .build();
 * }</pre>
 */
public final class OpDefinition {

    private final String name;
    private final String summary;
    private final Map<String, ParamSpec> params;
    private final Function<OpArgs, ImageOp> factory;
    private final long[] sampleShape;
    private final Map<String, Object> sampleArgs;
    private final HostTensor sampleInput;
    private final boolean differentiable;
    private final Kind kind;

    private OpDefinition(Builder b) {
        this.name = b.name;
        this.summary = b.summary;
        this.sampleShape = b.sampleShape.clone();
        this.sampleArgs = Map.copyOf(b.sampleArgs);
        this.sampleInput = b.sampleInput;
        this.differentiable = b.differentiable;
        this.kind = b.kind;
        this.params = new LinkedHashMap<>();
        for (ParamSpec p : b.params) {
            if (params.put(p.name(), p) != null) {
                throw new IllegalArgumentException("registry: op " + name + " declares parameter " + p.name()
                        + " twice");
            }
        }
        this.factory = b.factory;
    }

    /**
     * Starts a definition.
     *
     * @param name Kornia's snake_case name, e.g. {@code gaussian_blur2d}
     * @param summary one line saying what the op does
     * @return the builder
     */
    public static Builder builder(String name, String summary) {
        return new Builder(name, summary);
    }

    /** @return the Kornia name */
    public String name() {
        return name;
    }

    /** @return one line saying what the op does */
    public String summary() {
        return summary;
    }

    /**
     * @return the shape of a typical batched input with default parameters, e.g. {@code (2, 3, 8, 9)}: what
     *     the registry-wide test harness feeds the op (batch first)
     */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /**
     * @return keyword arguments that, with the defaults, configure a typical op for the test harness; they
     *     give values to required parameters (e.g. {@code gaussian_blur2d}'s {@code sigma}). Empty by default.
     */
    public Map<String, Object> sampleArgs() {
        return sampleArgs;
    }

    /**
     * @return the exact input the test harness feeds the op instead of uniform [0, 1) values of
     *     {@link #sampleShape()} (for inputs that random values would not be valid for, such as class labels),
     *     or null
     */
    public HostTensor sampleInput() {
        return sampleInput;
    }

    /** @return what the op's input is: an image, a volume, the window size of a kernel factory, or a loss's prediction */
    public Kind kind() {
        return kind;
    }

    /** @return whether gradients flow from the output to the input (checked by the test harness) */
    public boolean differentiable() {
        return differentiable;
    }

    /** @return the parameters in declaration order */
    public List<ParamSpec> params() {
        return List.copyOf(params.values());
    }

    /**
     * Validates keyword arguments and fills in defaults.
     *
     * @param kwargs loosely typed values by parameter name (see {@link ParamType#convert}); null values mean
     *     "none"
     * @return the canonical arguments
     * @throws IllegalArgumentException for an unknown parameter (listing the valid ones), a missing required
     *     one, or a value of the wrong type
     */
    public OpArgs bind(Map<String, ?> kwargs) {
        for (String key : kwargs.keySet()) {
            if (!params.containsKey(key)) {
                throw new IllegalArgumentException(name + ": unknown parameter '" + key + "'; valid parameters: "
                        + (params.isEmpty() ? "none" : describeParams()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : params.values()) {
            Object raw = kwargs.get(p.name());
            if (raw == null && kwargs.containsKey(p.name()) && !p.optional()) {
                throw new IllegalArgumentException(name + ": expected parameter " + p.name() + " to be "
                        + p.type().description() + ", got none");
            }
            if (raw == null && p.isRequired()) {
                throw new IllegalArgumentException(name + ": missing required parameter " + p.signature());
            }
            values.put(p.name(), raw == null ? p.defaultValue() : p.type().convert(raw, name, p.name()));
        }
        return new OpArgs(name, values);
    }

    /**
     * Binds the arguments and builds the configured op; configuration errors surface here, before any data.
     *
     * @param kwargs see {@link #bind}
     * @return the op
     * @throws IllegalArgumentException for bad arguments
     */
    public ImageOp create(Map<String, ?> kwargs) {
        return create(bind(kwargs));
    }

    /**
     * Builds the configured op from arguments already bound by {@link #bind}.
     *
     * @param args bound arguments of this op
     * @return the op
     * @throws IllegalArgumentException if the factory rejects a value
     */
    public ImageOp create(OpArgs args) {
        if (!args.op().equals(name)) {
            throw new IllegalArgumentException(name + ": expected arguments bound for " + name + ", got ones for "
                    + args.op());
        }
        return factory.apply(args);
    }

    /** @return the parameters as one line, e.g. {@code normalized: a boolean = true, eps: a number = 1.0E-6} */
    public String describeParams() {
        return params.values().stream().map(ParamSpec::signature).collect(Collectors.joining(", "));
    }

    /**
     * What an op's single input tensor means, so that generic callers (the test harness, pipelines) feed it
     * the right thing.
     */
    public enum Kind {
        /** An image {@code (B, C, H, W)} or {@code (C, H, W)}; the output is derived from it. */
        IMAGE,
        /**
         * A kernel factory ({@code get_gaussian_kernel1d}, ...): the input is the window size as a float
         * tensor, {@code ()} (one size) or {@code (2)} ({@code (ky, kx)}), holding positive integers; the
         * output is the kernel, in the input's dtype and on its device. Not differentiable (sizes are integers).
         */
        KERNEL_FACTORY,
        /**
         * A volume {@code (B, C, D, H, W)} ({@code filter3d}, {@code spatial_gradient3d}): 5-D only, as Kornia,
         * so there is no unbatched form; the output is derived from it.
         */
        VOLUME,
        /**
         * A loss or a metric ({@code ssim_loss}, {@code focal_loss}, {@code psnr}, {@code mean_iou}, ...): the input
         * is a prediction compared with tensor parameters (Kornia's {@code target}, {@code img2}, {@code image});
         * the output is a reduction of it, a scalar or one value per image / class / pixel, not an image of the
         * input's shape. The harness checks dtype kept, float32 == float64, input unmodified, gradients (when
         * differentiable), bad rank / dtype rejected, and batch element == the op on that element alone only when
         * the output keeps the batch as its first dimension (e.g. {@code reduction='none'}); tensor parameters
         * whose first dimension is the batch are sliced with the input for that check.
         */
        LOSS,
        /**
         * A geometric quantity that is not an image: points {@code (B, N, 2)}, matrices {@code (B, 3, 3)}, centres
         * {@code (B, 2)}, angles ({@code get_rotation_matrix2d}, {@code invert_affine_transform}, ...), of the
         * op's declared sample shape or sample input. The harness applies the checks of {@link #LOSS}: dtype kept,
         * float32 == float64, input unmodified, gradients (when differentiable), bad rank / dtype rejected, and
         * batch element == the op on that element alone when the output keeps the batch, with batch-sized tensor
         * parameters sliced alike.
         */
        GEOMETRY
    }

    /** Collects the parts of a definition. */
    public static final class Builder {
        private final String name;
        private final String summary;
        private final List<ParamSpec> params = new ArrayList<>();
        private Function<OpArgs, ImageOp> factory;
        private long[] sampleShape = {2, 3, 8, 9};
        private boolean differentiable = true;
        private Kind kind = Kind.IMAGE;
        private final Map<String, Object> sampleArgs = new LinkedHashMap<>();
        private HostTensor sampleInput;

        private Builder(String name, String summary) {
            if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("registry: expected a snake_case op name, got '" + name + "'");
            }
            this.name = name;
            this.summary = summary;
        }

        /**
         * Adds a parameter.
         *
         * @param spec the parameter
         * @return this builder
         */
        public Builder param(ParamSpec spec) {
            params.add(spec);
            return this;
        }

        /**
         * Sets the shape of a typical batched input (default {@code (2, 3, 8, 9)}), for the test harness.
         *
         * @param shape batch first
         * @return this builder
         */
        public Builder sampleShape(long... shape) {
            this.sampleShape = shape.clone();
            return this;
        }

        /**
         * Declares the op not differentiable (e.g. thresholding), so the harness skips its gradient check.
         *
         * @return this builder
         */
        public Builder notDifferentiable() {
            this.differentiable = false;
            return this;
        }

        /**
         * Adds a keyword argument that the test harness passes when it builds the op (required parameters need
         * one); it does not change the op's defaults.
         *
         * @param name a declared parameter
         * @param value its value, in loose form (see {@link ParamType#convert})
         * @return this builder
         */
        public Builder sampleArg(String name, Object value) {
            sampleArgs.put(name, value);
            return this;
        }

        /**
         * Declares the op a kernel factory (see {@link Kind#KERNEL_FACTORY}); implies
         * {@link #notDifferentiable()}.
         *
         * @return this builder
         */
        public Builder kernelFactory() {
            this.kind = Kind.KERNEL_FACTORY;
            this.differentiable = false;
            return this;
        }

        /**
         * Declares the op's input a volume (see {@link Kind#VOLUME}) with the given sample shape.
         *
         * @param shape a typical {@code (B, C, D, H, W)} input for the test harness
         * @return this builder
         */
        public Builder volume(long... shape) {
            this.kind = Kind.VOLUME;
            return sampleShape(shape);
        }

        /**
         * Sets the exact input the test harness feeds the op (and the sample shape to its shape), for ops whose
         * input must hold particular values, e.g. integral class labels.
         *
         * @param input batch first
         * @return this builder
         */
        public Builder sampleInput(HostTensor input) {
            this.sampleInput = input;
            this.sampleShape = input.shape();
            return this;
        }

        /**
         * Declares the op's input a geometric quantity (see {@link Kind#GEOMETRY}) with the given sample shape.
         *
         * @param shape a typical batched input, e.g. {@code (2, 2)} for centres
         * @return this builder
         */
        public Builder geometry(long... shape) {
            this.kind = Kind.GEOMETRY;
            return sampleShape(shape);
        }

        /**
         * Declares the op a loss or metric (see {@link Kind#LOSS}).
         *
         * @return this builder
         */
        public Builder loss() {
            this.kind = Kind.LOSS;
            return this;
        }

        /**
         * Sets how to build the op from its bound arguments; the factory should validate arguments that need
         * more than a type check and throw {@link IllegalArgumentException} early.
         *
         * @param factory arguments to configured op
         * @return this builder
         */
        public Builder factory(Function<OpArgs, ImageOp> factory) {
            this.factory = factory;
            return this;
        }

        /** @return the definition */
        public OpDefinition build() {
            if (factory == null) {
                throw new IllegalStateException("registry: op " + name + " has no factory");
            }
            return new OpDefinition(this);
        }
    }
}
