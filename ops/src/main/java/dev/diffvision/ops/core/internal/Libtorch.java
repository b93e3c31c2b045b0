package dev.diffvision.ops.core.internal;

import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place that calls DJL's PyTorch-specific JNI directly (DJL's own {@code NDArrayEx} seam): thread
 * counts. Op classes never import {@code ai.djl.pytorch}.
 */
public final class Libtorch {

    private Libtorch() {}

    /** @return libtorch's intra-op thread count */
    public static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    /** @return libtorch's inter-op thread count */
    public static int interOpThreads() {
        return JniUtils.getNumInteropThreads();
    }

    /**
     * Sets libtorch's intra-op thread count for this process.
     *
     * @param threads >= 1
     */
    public static void setIntraOpThreads(int threads) {
        JniUtils.setNumThreads(threads);
    }
}
