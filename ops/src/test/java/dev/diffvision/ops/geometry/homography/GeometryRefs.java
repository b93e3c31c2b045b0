package dev.diffvision.ops.geometry.homography;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.diffvision.ops.io.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenCV references written by {@code tools/gen_homography_refs.py}, float64. */
public final class GeometryRefs {

    private GeometryRefs() {}

    /**
     * @param manager owns the result
     * @param name a path under {@code geometry/} without {@code .npy}, e.g. {@code homography/h_cv}
     * @return the float64 array
     */
    public static NDArray load(NDManager manager, String name) {
        try (InputStream in = GeometryRefs.class.getResourceAsStream("/geometry/" + name + ".npy")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource geometry/" + name + ".npy");
            }
            return Npy.read(in).toNDArray(manager);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
