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
    private static final Map<Device, Boolean> LOGGED_DEVICES = new ConcurrentHashMap<>();
    private static final ArrowBufferPool BUFFERS = new ArrowBufferPool(new RootAllocator(Long.MAX_VALUE),
            Runtime.getRuntime().availableProcessors());

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
     * sees GPUs, otherwise CPU.
     *
     * @return the device
     */
    public static Device deviceForTask() {
        EngineInfo info = engine();
        Device device = Device.cpu();
        TaskContext task = TaskContext.get();
        if (task != null && info.gpuCount() > 0) {
            ResourceInformation gpu = task.resourcesJMap().get("gpu");
            if (gpu != null && gpu.addresses().length > 0) {
                device = Device.gpu(Integer.parseInt(gpu.addresses()[0].trim()));
            }
        }
        if (LOGGED_DEVICES.putIfAbsent(device, Boolean.TRUE) == null) {
            LOG.info("DiffVision tasks in this JVM run on {} ({})", device, info.describe());
        }
        return device;
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
