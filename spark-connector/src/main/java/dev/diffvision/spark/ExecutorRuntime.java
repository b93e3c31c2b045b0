package dev.diffvision.spark;

import ai.djl.Device;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.core.EngineConfig;
import dev.diffvision.ops.core.EngineInfo;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.Pipeline;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one executor JVM shares between all its tasks: the DJL engine (loaded once, libtorch threads set to
 * {@code spark.task.cpus} so concurrent tasks do not oversubscribe cores), the pool of Arrow buffers batches are
 * packed into, and compiled pipelines by spec.
 *
 * <p>A task's device comes from its {@code gpu} resource ({@code TaskContext.resourcesJMap().get("gpu")}),
 * falling back to CPU when the task has none or the engine sees no GPU; each choice is logged once per device.
 */
public final class ExecutorRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRuntime.class);
    private static final Map<String, Pipeline> PIPELINES = new ConcurrentHashMap<>();
    /** The device choices already logged in this JVM: each device once, and once more for a GPU libtorch lacks. */
    private static final Set<LoggedChoice> LOGGED_CHOICES = ConcurrentHashMap.newKeySet();
    private static final ArrowBufferPool BUFFERS = new ArrowBufferPool(new RootAllocator(Long.MAX_VALUE),
            Runtime.getRuntime().availableProcessors());

    /** A device choice as logged: the device, and whether the task had a GPU that libtorch does not see. */
    private record LoggedChoice(Device device, boolean unseenGpu) {}

    private ExecutorRuntime() {}

    /**
     * Starts the engine in this JVM if needed, with intra-op threads = {@code spark.task.cpus} (1 by default)
     * unless {@code diffvision.threads} / {@code DIFFVISION_THREADS} says otherwise.
     *
     * @return the engine report
     */
    public static EngineInfo engine() {
        EngineConfig fromEnv = EngineConfig.fromEnvironment();
        int threads = fromEnv.intraOpThreads() > 0 ? fromEnv.intraOpThreads() : taskCpus();
        return DiffVisionEngine.start(new EngineConfig(threads, fromEnv.interOpThreads()));
    }

    /**
     * The device for the current task: {@code gpu(id)} from the task's {@code gpu} resource when the engine
     * sees GPUs, otherwise CPU. A task that was given a GPU while libtorch sees none (a CPU build of libtorch on
     * a GPU node) runs on the CPU, and the executor logs a warning once (also after CPU tasks without a GPU were
     * logged).
     *
     * @return the device
     * @throws IllegalStateException if the task's GPU address is not one libtorch sees (see {@link #deviceFor})
     */
    public static Device deviceForTask() {
        EngineInfo info = engine();
        TaskContext task = TaskContext.get();
        ResourceInformation gpu = task == null ? null : task.resourcesJMap().get("gpu");
        String[] addresses = gpu == null ? new String[0] : gpu.addresses();
        Device device = deviceFor(addresses, info.gpuCount());
        boolean unseenGpu = addresses.length > 0 && info.gpuCount() == 0;
        if (LOGGED_CHOICES.add(new LoggedChoice(device, unseenGpu))) {
            if (unseenGpu) {
                LOG.warn("DiffVision tasks in this JVM were given GPU {} but libtorch sees no GPU, so they run on {}"
                        + " ({}): give the executors a CUDA build of libtorch (PYTORCH_LIBRARY_PATH,"
                        + " PYTORCH_FLAVOR; README, \"GPU executors\")", String.join(",", addresses), device,
                        info.describe());
            } else {
                LOG.info("DiffVision tasks in this JVM run on {} ({})", device, info.describe());
            }
        }
        return device;
    }

    /**
     * Chooses a task's device from the addresses of its {@code gpu} resource: the first address as
     * {@code gpu(address)} when libtorch sees GPUs, CPU when the task has no GPU or libtorch sees none.
     *
     * <pre>{@code
     * deviceFor(new String[] {"1"}, 2);   // gpu(1)
     * deviceFor(new String[] {"1"}, 0);   // cpu(): a CPU build of libtorch
     * deviceFor(new String[0], 2);        // cpu(): the task was given no GPU
     * }</pre>
     *
     * @param addresses the task's GPU addresses as Spark's discovery script reported them (may be empty)
     * @param visibleGpus the number of GPUs libtorch sees
     * @return the device
     * @throws IllegalStateException if the first address is not a GPU index in {@code [0, visibleGpus)} (a
     *     discovery script that reports UUIDs, or {@code CUDA_VISIBLE_DEVICES} hiding the GPU from libtorch)
     */
    static Device deviceFor(String[] addresses, int visibleGpus) {
        if (addresses.length == 0 || visibleGpus == 0) {
            return Device.cpu();
        }
        String address = addresses[0].trim();
        int index = address.matches("\\d{1,9}") ? Integer.parseInt(address) : -1;
        if (index < 0 || index >= visibleGpus) {
            throw new IllegalStateException("DiffVision: the task's GPU address '" + address + "' is not a GPU index"
                    + " libtorch sees (expected 0 to " + (visibleGpus - 1) + "; CUDA_VISIBLE_DEVICES="
                    + System.getenv("CUDA_VISIBLE_DEVICES") + "): the GPU discovery script must print the indices"
                    + " nvidia-smi lists, and executors must see those GPUs");
        }
        return Device.gpu(index);
    }

    /**
     * The pipeline for {@code spec}, parsed once per JVM and shared by all tasks (pipelines are immutable).
     *
     * @param spec the pipeline spec
     * @return the compiled pipeline
     * @throws IllegalArgumentException if the spec is invalid
     */
    public static Pipeline pipeline(String spec) {
        return PIPELINES.computeIfAbsent(spec, s -> OpRegistry.defaults().pipeline(s));
    }

    /** @return the JVM's pool of Arrow batch buffers (at most one idle buffer per core is kept) */
    static ArrowBufferPool buffers() {
        return BUFFERS;
    }

    private static int taskCpus() {
        SparkEnv env = SparkEnv.get();
        return env == null ? 1 : Math.max(1, env.conf().getInt("spark.task.cpus", 1));
    }
}
