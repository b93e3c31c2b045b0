package dev.diffvision.ops.filters;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.registry.ImageOp;
import dev.diffvision.ops.registry.OpArgs;
import dev.diffvision.ops.registry.OpDefinition;
import dev.diffvision.ops.registry.OpProvider;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.ParamSpec;
import dev.diffvision.ops.registry.ParamType;

import java.util.function.Function;

/**
 * Registers Kornia's filter kernel factories ({@link FilterKernels}) as ops of kind
 * {@link OpDefinition.Kind#KERNEL_FACTORY}.
 *
 * <p>Convention: an op's single input is a tensor, so a factory op reads Kornia's first argument, the window
 * size, from its input: a 0-d float tensor holding one positive integer (e.g. {@code 5}) or, for the 2-D
 * factories, a {@code (2)} tensor {@code (ky, kx)}. The output is the kernel in the input's dtype and on its
 * device, shaped as Kornia returns it. This is what the conformance runner passes for the Kornia cases whose
 * {@code input} is an integer or a list.
 *
 * <pre>{@code
 * NDArray k = OpRegistry.defaults().create("get_gaussian_kernel1d", Map.of("sigma", 1.5))
 *         .apply(manager.create(5f));   // (1, 5)
 * }</pre>
 */
public final class KernelFactoryOps implements OpProvider {

    private static final String SIZE = " (input: the window size as a 0-d float tensor";

    @Override
    public void register(OpRegistry registry) {
        registry.register(factory("gaussian", "sampled Gaussian (B, window_size), normalised" + SIZE + ")")
                .param(ParamSpec.required("sigma", ParamType.TENSOR, "standard deviation, a number or (B, 1)"))
                .param(ParamSpec.optional("mean", ParamType.TENSOR, "centre index, a number or (B, 1); none ="
                        + " window_size // 2"))
                .sampleArg("sigma", 1.5)
                .factory(args -> size1d("gaussian", args, (k, sigma) -> FilterKernels.gaussian(k, sigma,
                        args.isPresent("mean") ? OpParams.column(args.hostTensor("mean"), "gaussian", "mean") : null)))
                .build());
        registerGaussian1d(registry, "get_gaussian_kernel1d", "Gaussian taps", FilterKernels::getGaussianKernel1d);
        registerGaussian1d(registry, "get_gaussian_erf_kernel1d", "Gaussian integrated over each pixel (erf)",
                FilterKernels::getGaussianErfKernel1d);
        registerGaussian1d(registry, "get_gaussian_discrete_kernel1d", "discrete Gaussian (modified Bessel)",
                FilterKernels::getGaussianDiscreteKernel1d);
        registry.register(factory("get_gaussian_kernel2d", "Gaussian (B, ky, kx)" + SIZE + ", or (ky, kx))")
                .param(ParamSpec.required("sigma", ParamType.TENSOR, "(sigma_y, sigma_x) or (B, 2)"))
                .param(ParamSpec.of("force_even", ParamType.BOOLEAN, false, "accept even sizes"))
                .sampleArg("sigma", java.util.List.of(1.5, 1.0))
                .factory(args -> x -> {
                    String op = "get_gaussian_kernel2d";
                    int[] k = FilterKernels.unpack2d(op, OpParams.windowSize(x, op, true));
                    double[][][] kernel = FilterKernels.getGaussianKernel2d(k,
                            OpParams.sigmaPairs(args.hostTensor("sigma"), op), args.bool("force_even"));
                    return OpParams.tensor(x, OpParams.flat(kernel), kernel.length, k[0], k[1]);
                })
                .build());
        registry.register(factory("get_box_kernel1d", "1 / k everywhere, (1, k)" + SIZE + ")")
                .factory(args -> x -> {
                    int k = OpParams.windowSize(x, "get_box_kernel1d", false)[0];
                    return OpParams.tensor(x, OpParams.flat(FilterKernels.getBoxKernel1d(k)), 1, k);
                })
                .build());
        registry.register(factory("get_box_kernel2d", "1 / (ky kx) everywhere, (1, ky, kx)" + SIZE + ", or (ky, kx))")
                .factory(args -> x -> kernel2d(x, "get_box_kernel2d", k -> FilterKernels.getBoxKernel2d(k)[0], true))
                .build());
        registry.register(factory("get_laplacian_kernel1d", "ones with 1 - k in the middle, (k)" + SIZE + ")")
                .factory(args -> x -> {
                    int k = OpParams.windowSize(x, "get_laplacian_kernel1d", false)[0];
                    return OpParams.tensor(x, FilterKernels.getLaplacianKernel1d(k), k);
                })
                .build());
        registry.register(factory("get_laplacian_kernel2d", "ones with 1 - ky kx in the middle, (ky, kx)" + SIZE
                        + ", or (ky, kx))")
                .factory(args -> x -> kernel2d(x, "get_laplacian_kernel2d", FilterKernels::getLaplacianKernel2d,
                        false))
                .build());
        registry.register(factory("get_motion_kernel2d", "motion blur line (B, k, k), normalised" + SIZE
                        + ", odd and >= 3)")
                .param(ParamSpec.required("angle", ParamType.TENSOR, "degrees counter-clockwise, a number or (B)"))
                .param(ParamSpec.of("direction", ParamType.TENSOR, 0.0, "in [-1, 1], a number or (B)"))
                .param(ParamSpec.of("mode", ParamType.STRING, "nearest", "line resampling: nearest or bilinear"))
                .sampleArg("angle", 35.0)
                .factory(args -> {
                    String op = "get_motion_kernel2d";
                    double[] angle = OpParams.column(args.hostTensor("angle"), op, "angle");
                    double[] direction = OpParams.column(args.hostTensor("direction"), op, "direction");
                    Motion.Mode mode = Motion.Mode.parse(args.text("mode"), op);
                    return x -> {
                        int k = OpParams.windowSize(x, op, false)[0];
                        double[][][] kernel = Motion.getMotionKernel2d(k, angle, direction, mode);
                        return OpParams.tensor(x, OpParams.flat(kernel), kernel.length, k, k);
                    };
                })
                .build());
        registry.register(factory("get_hanning_kernel1d", "Hann window, (k)" + SIZE + ")")
                .factory(args -> x -> {
                    int k = OpParams.windowSize(x, "get_hanning_kernel1d", false)[0];
                    return OpParams.tensor(x, FilterKernels.getHanningKernel1d(k), k);
                })
                .build());
        registry.register(factory("get_hanning_kernel2d", "outer product of Hann windows, (ky, kx)" + SIZE
                        + ", or (ky, kx))")
                .factory(args -> x -> kernel2d(x, "get_hanning_kernel2d", FilterKernels::getHanningKernel2d, false))
                .build());
    }

    /** A 1-D Gaussian factory {@code (kernel_size, sigma, force_even) -> (B, k)}. */
    private interface Gaussian1d {
        double[][] make(int kernelSize, double[] sigma, boolean forceEven);
    }

    /** A 1-D factory of a size and sigmas. */
    private interface SizedBySigma {
        double[][] make(int kernelSize, double[] sigma);
    }

    private static void registerGaussian1d(OpRegistry registry, String name, String what, Gaussian1d make) {
        registry.register(factory(name, what + ", (B, kernel_size), normalised" + SIZE + ")")
                .param(ParamSpec.required("sigma", ParamType.TENSOR, "standard deviation, a number or (B, 1)"))
                .param(ParamSpec.of("force_even", ParamType.BOOLEAN, false, "accept an even kernel_size"))
                .sampleArg("sigma", 1.5)
                .factory(args -> size1d(name, args, (k, sigma) -> make.make(k, sigma, args.bool("force_even"))))
                .build());
    }

    private static OpDefinition.Builder factory(String name, String summary) {
        return OpDefinition.builder(name, summary).kernelFactory();
    }

    private static ImageOp size1d(String op, OpArgs args, SizedBySigma make) {
        double[] sigma = OpParams.column(args.hostTensor("sigma"), op, "sigma");
        return x -> {
            double[][] kernel = make.make(OpParams.windowSize(x, op, false)[0], sigma);
            return OpParams.tensor(x, OpParams.flat(kernel), kernel.length, kernel[0].length);
        };
    }

    private static NDArray kernel2d(NDArray x, String op, Function<int[], double[][]> make, boolean batched) {
        double[][] kernel = make.apply(OpParams.windowSize(x, op, true));
        double[] flat = OpParams.flat(kernel);
        return batched ? OpParams.tensor(x, flat, 1, kernel.length, kernel[0].length)
                : OpParams.tensor(x, flat, kernel.length, kernel[0].length);
    }
}
