package dev.diffvision.ops.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.core.internal.Libtorch;
import dev.diffvision.ops.core.internal.NativeAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Loads DJL's PyTorch engine once per JVM, offline, with the configured libtorch threading, and reports what
 * it loaded.
 *
 * <p>The network is never used: {@code ai.djl.offline=true} is forced before the first load, so libtorch must
 * come from the {@code ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64} jar on the class path, from DJL's
 * cache ({@code ~/.djl.ai}), or from {@code PYTORCH_LIBRARY_PATH} (with {@code PYTORCH_FLAVOR}, e.g.
 * {@code cu128} on GPU machines). A missing or mismatched library fails with an {@link IllegalStateException}
 * that says what to install or set.
 *
 * <pre>{@code
 * EngineInfo info = DiffVisionEngine.start();          // idempotent
 * try (NDManager m = DiffVisionEngine.newManager()) { ... }
 * }</pre>
 */
public final class DiffVisionEngine {

    /** The libtorch version DJL 0.36's JNI was built against. */
    public static final String EXPECTED_LIBTORCH = "2.7.1";
    /** DJL's engine name. */
    public static final String ENGINE_NAME = "PyTorch";

    private static final Logger LOG = LoggerFactory.getLogger(DiffVisionEngine.class);
    private static volatile EngineInfo info;

    private DiffVisionEngine() {}

    /**
     * Starts the engine with {@link EngineConfig#fromEnvironment()}; see {@link #start(EngineConfig)}.
     *
     * @return what was loaded
     */
    public static EngineInfo start() {
        return start(EngineConfig.fromEnvironment());
    }

    /**
     * Loads the engine if this JVM has not yet done so and applies {@code config}'s intra-op thread count.
     * Later calls return the first call's report, with the thread count updated.
     *
     * @param config libtorch threading
     * @return what was loaded
     * @throws IllegalStateException if libtorch cannot be loaded or is not version {@value #EXPECTED_LIBTORCH}
     */
    public static synchronized EngineInfo start(EngineConfig config) {
        if (info == null) {
            info = load(config);
            LOG.info("DiffVision engine: {}", info.describe());
        } else if (config.intraOpThreads() > 0 && config.intraOpThreads() != info.intraOpThreads()) {
            Libtorch.setIntraOpThreads(config.intraOpThreads());
            info = new EngineInfo(info.engineName(), info.libtorchVersion(), info.djlVersion(),
                    info.defaultDevice(), info.gpuCount(), Libtorch.intraOpThreads(), info.interOpThreads(),
                    info.startupMillis(), info.allocator());
        }
        return info;
    }

    /**
     * A new root manager on the engine's default device; the caller closes it.
     *
     * @return the manager
     */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /**
     * A new root manager on {@code device}; the caller closes it.
     *
     * @param device where tensors created by the manager live
     * @return the manager
     */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    private static Engine engine() {
        if (info == null) {   // loaded once; managers are created per batch, so no configuration is re-read here
            start();
        }
        return Engine.getEngine(ENGINE_NAME);
    }

    private static EngineInfo load(EngineConfig config) {
        System.setProperty("ai.djl.offline", "true");
        if (config.intraOpThreads() > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.intraOpThreads()));
        }
        if (config.interOpThreads() > 0) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(config.interOpThreads()));
        }
        // before libtorch's first allocation: glibc keeps freed memory instead of page-faulting it back per op
        NativeAllocator.Outcome allocator = NativeAllocator.configure(NativeAllocator.Mode.fromEnvironment());
        long start = System.nanoTime();
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException(missingLibraryMessage(e), e);
        }
        if (engine == null) {
            throw new IllegalStateException(missingLibraryMessage(null));
        }
        String version = engine.getVersion();
        if (!EXPECTED_LIBTORCH.equals(version)) {
            throw new IllegalStateException("DiffVision needs libtorch " + EXPECTED_LIBTORCH + " (DJL "
                    + Engine.getDjlVersion() + "'s JNI was built for it), but loaded " + version
                    + ". Point PYTORCH_LIBRARY_PATH at a libtorch " + EXPECTED_LIBTORCH
                    + " folder (and PYTORCH_VERSION/PYTORCH_FLAVOR to match), or unset it to use the"
                    + " pytorch-native-cpu jar on the class path.");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new EngineInfo(engine.getEngineName(), version, Engine.getDjlVersion(), engine.defaultDevice(),
                engine.getGpuCount(), Libtorch.intraOpThreads(), Libtorch.interOpThreads(), millis,
                allocator.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    private static String missingLibraryMessage(Throwable cause) {
        return "DiffVision could not load DJL's PyTorch engine (libtorch " + EXPECTED_LIBTORCH + ", offline)"
                + (cause == null ? "" : ": " + cause.getMessage())
                + ". Put ai.djl.pytorch:pytorch-engine:0.36.0, pytorch-jni:2.7.1-0.36.0 and"
                + " pytorch-native-cpu:2.7.1 (classifier linux-x86_64) on the class path, or set"
                + " PYTORCH_LIBRARY_PATH to a libtorch " + EXPECTED_LIBTORCH + " folder with PYTORCH_FLAVOR"
                + " (cpu, cu128, ...) for GPU machines.";
    }
}
