package dev.diffvision.ops.core.internal;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.diffvision.ops.core.DiffVisionEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs DiffVision's own TorchScript modules, the route to ATen kernels that DJL's JNI does not bind
 * (grid_sampler, reflection/replication/circular pad, im2col, linalg).
 *
 * <p>Sources: one module per kernel, readable in {@code dev/diffvision/ops/core/torchscript/<module>.py} (class
 * resources), each defining one {@code class <Name>(Module)} in libtorch's serialized-source form. On first use
 * on a device, the source is packed by {@link TorchScriptArchive}, written to a temporary {@code <module>.pt},
 * loaded with {@code Model.newInstance(module, device, "PyTorch").load(dir, module)} (offline: nothing is
 * downloaded) and the file is deleted. Loaded modules are cached per engine and device, one load per JVM, and
 * closed by {@link #closeAll()} or at JVM exit.
 *
 * <p>Calling convention, found by experiment on DJL 0.36:
 * <ul>
 *   <li>DJL passes an {@link NDList} to {@code forward} as positional tensors, in order, unless an array's name
 *       contains a {@code .}, ends in {@code []} or {@code ()}, or starts with {@code module_method:} (then DJL
 *       builds dicts, lists, tuples or picks another method) — so a named input is passed as a nameless view.</li>
 *   <li>Scalar options travel as ONE int64 vector on the CPU, the last positional argument, read in TorchScript
 *       with {@code int(options[i])}: one module per kernel instead of one per option combination, and no
 *       device synchronisation on GPU inputs.</li>
 *   <li>{@code forward} runs with {@code training = true}: with {@code false} DJL wraps the call in an inference
 *       guard and no autograd graph is recorded. With {@code true}, autograd records exactly when libtorch's
 *       grad mode is on (inside a {@code GradientCollector}) and an input requires a gradient, like any DJL
 *       op.</li>
 *   <li>Tuple results come back as the list of their tensors; results belong to the first input's manager.</li>
 * </ul>
 *
 * <p>Latency: loading one module costs ~30–50 ms. With DJL's default graph optimizer, a module's first call
 * costs ~80 ms more (profiling), later calls are unaffected; {@code -Dai.djl.pytorch.graph_optimizer=false}
 * brings the first call to ~10 ms (measured on 2 cores, grid_sample 1×3×8×8). DiffVision does not change that
 * process-wide setting itself.
 */
public final class TorchScriptModules {

    private static final String RESOURCES = "/dev/diffvision/ops/core/torchscript/";
    private static final Pattern CLASS = Pattern.compile("^class (\\w+)\\(Module\\):", Pattern.MULTILINE);
    private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TorchScriptModules::closeAll, "diffvision-torchscript-close"));
    }

    private TorchScriptModules() {}

    /**
     * Runs {@code module}'s {@code forward} on {@code inputs} followed by the options vector (if any).
     *
     * <p>Call inside {@code Scoped.run}: views made of named inputs land in the first input's manager.
     *
     * @param module the module's resource name, e.g. {@code "grid_sample"}
     * @param options the integer options, passed as an int64 {@code (K,)} CPU tensor; none for an empty array
     * @param inputs the tensor arguments, all on one device; results go to {@code inputs[0]}'s manager
     * @return the module's outputs
     */
    public static NDList forward(String module, long[] options, NDArray... inputs) {
        if (options.length == 0) {
            return forward(module, (NDArray) null, inputs);
        }
        try (NDManager cpu = Engine.getEngine(DiffVisionEngine.ENGINE_NAME).newBaseManager(Device.cpu())) {
            return forward(module, cpu.create(options), inputs);
        }
    }

    /**
     * {@link #forward(String, long[], NDArray...)} with real-valued options: a float64 {@code (K,)} CPU tensor,
     * read in TorchScript with {@code options.tolist()} as {@code List[float]} (kernel taps, epsilons).
     *
     * @param module the module's resource name, e.g. {@code "separable_correlate"}
     * @param options the options, at least one
     * @param inputs the tensor arguments, all on one device; results go to {@code inputs[0]}'s manager
     * @return the module's outputs
     */
    public static NDList forward(String module, double[] options, NDArray... inputs) {
        try (NDManager cpu = Engine.getEngine(DiffVisionEngine.ENGINE_NAME).newBaseManager(Device.cpu())) {
            return forward(module, cpu.create(options), inputs);
        }
    }

    /** Runs {@code module} on {@code inputs} followed by {@code options}, a CPU tensor, unless it is null. */
    private static NDList forward(String module, NDArray options, NDArray... inputs) {
        NDArray first = inputs[0];
        Block block = model(module, first.getDevice()).getBlock();
        NDList arguments = new NDList(inputs.length + 1);
        for (NDArray input : inputs) {
            arguments.add(input.getName() == null ? input : input.reshape(input.getShape()));
        }
        if (options != null) {
            arguments.add(options);
        }
        return block.forward(new ParameterStore(first.getManager(), false), arguments, true);
    }

    /**
     * Closes every loaded module; the next call loads them again. Must not run while another thread is inside
     * {@link #forward}. Runs by itself at JVM exit.
     */
    public static void closeAll() {
        for (String key : MODELS.keySet()) {
            Model model = MODELS.remove(key);
            if (model != null) {
                model.close();
            }
        }
    }

    /**
     * How many modules are loaded now, over all devices.
     *
     * @return the count
     */
    public static int loadedCount() {
        return MODELS.size();
    }

    /**
     * The TorchScript source of a module, as packed into its archive.
     *
     * @param module the module's resource name
     * @return the source text
     * @throws IllegalArgumentException if there is no such module
     */
    public static String source(String module) {
        try (InputStream in = TorchScriptModules.class.getResourceAsStream(RESOURCES + module + ".py")) {
            if (in == null) {
                throw new IllegalArgumentException("torchscript: expected a module in " + RESOURCES + ", got '"
                        + module + "'");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Model model(String module, Device device) {
        return MODELS.computeIfAbsent(DiffVisionEngine.ENGINE_NAME + "/" + device + "/" + module,
                key -> load(module, device));
    }

    private static Model load(String module, Device device) {
        DiffVisionEngine.start();
        String source = source(module);
        Matcher m = CLASS.matcher(source);
        if (!m.find()) {
            throw new IllegalStateException("torchscript: module " + module + " defines no class <Name>(Module)");
        }
        try {
            Path dir = Files.createTempDirectory("diffvision-torchscript");
            Path file = dir.resolve(module + ".pt");
            try {
                Files.write(file, TorchScriptArchive.build(module, m.group(1), source));
                Model model = Model.newInstance(module, device, DiffVisionEngine.ENGINE_NAME);
                try {
                    model.load(dir, module);
                    return model;
                } catch (IOException | MalformedModelException | RuntimeException e) {
                    model.close();
                    throw new IllegalStateException("torchscript: libtorch rejected module " + module + ": "
                            + e.getMessage(), e);
                }
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("torchscript: could not write module " + module, e);
        }
    }
}
