package dev.diffvision.ops.morphology;

import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;

import java.util.List;

/**
 * Registers the morphology ops under their Kornia names with Kornia's keyword parameters: {@code kernel}
 * (a {@code (kh, kw)} tensor; Kornia requires it, here it defaults to a 3x3 of ones so that pipelines can write
 * {@code dilation}), {@code structuring_element}, {@code origin}, {@code border_type} (default
 * {@code geodesic}) and {@code border_value}. Kornia's {@code max_val} (no effect on float images) and
 * {@code engine} ({@code unfold}, {@code shift}, {@code convolution} and {@code auto} give the same values) are
 * accepted and checked so that Kornia calls run unchanged.
 */
public final class MorphologyOps implements OpProvider {

    /** A morphology function of {@link BasicOperators}. */
    private interface Operator {
        ai.djl.ndarray.NDArray apply(ai.djl.ndarray.NDArray input, double[][] kernel, MorphologyOptions options);
    }

    @Override
    public void register(OpRegistry registry) {
        register(registry, "dilation", "grey-scale dilation (max over the neighbourhood)", BasicOperators::dilation);
        register(registry, "erosion", "grey-scale erosion (min over the neighbourhood)", BasicOperators::erosion);
        register(registry, "opening", "dilation of the erosion", BasicOperators::opening);
        register(registry, "closing", "erosion of the dilation", BasicOperators::closing);
        register(registry, "gradient", "dilation minus erosion", BasicOperators::gradient);
        register(registry, "top_hat", "input minus its opening", BasicOperators::topHat);
        register(registry, "bottom_hat", "closing minus the input", BasicOperators::bottomHat);
    }

    private static void register(OpRegistry registry, String name, String summary, Operator operator) {
        registry.register(OpDefinition.builder(name, summary)
                .param(ParamSpec.of("kernel", ParamType.TENSOR, List.of(List.of(1, 1, 1), List.of(1, 1, 1),
                        List.of(1, 1, 1)), "(kh, kw) neighbourhood mask; non-zero cells belong to it"))
                .param(ParamSpec.optional("structuring_element", ParamType.TENSOR,
                        "(kh, kw) non-flat element; none = flat"))
                .param(ParamSpec.optional("origin", ParamType.INT_LIST, "[row, col]; none = [kh // 2, kw // 2]"))
                .param(ParamSpec.of("border_type", ParamType.STRING, "geodesic",
                        "geodesic (ignore outside pixels), constant, reflect, replicate or circular"))
                .param(ParamSpec.of("border_value", ParamType.FLOAT, 0.0, "fill for constant"))
                .param(ParamSpec.of("max_val", ParamType.FLOAT, 1e4, "accepted for Kornia; no effect on float images"))
                .param(ParamSpec.of("engine", ParamType.STRING, "auto",
                        "accepted for Kornia: auto, unfold, shift, convolution give the same values"))
                .factory(args -> {
                    String engine = args.text("engine");
                    if (!List.of("auto", "unfold", "shift", "convolution").contains(engine)) {
                        throw new IllegalArgumentException(name + ": expected engine one of auto, unfold, shift,"
                                + " convolution, got '" + engine + "'");
                    }
                    double[][] kernel = matrix(args.hostTensor("kernel"), name, "kernel");
                    double[][] se = args.isPresent("structuring_element")
                            ? matrix(args.hostTensor("structuring_element"), name, "structuring_element") : null;
                    MorphologyOptions options = new MorphologyOptions(se,
                            args.isPresent("origin") ? args.ints("origin") : null, args.text("border_type"),
                            args.real("border_value"));
                    return x -> operator.apply(x, kernel, options);
                })
                .build());
    }

    private static double[][] matrix(HostTensor t, String op, String name) {
        long[] s = t.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException(op + ": expected " + name + " of shape (kH, kW), got "
                    + Checks.describe(new ai.djl.ndarray.types.Shape(s)));
        }
        float[] v = t.toFloatArray();
        double[][] out = new double[(int) s[0]][(int) s[1]];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = v[i * out[i].length + j];
            }
        }
        return out;
    }
}
