package dev.diffvision.ops.conformance;

import ai.djl.Device;
import dev.diffvision.ops.core.DiffVisionEngine;
import dev.diffvision.ops.registry.OpRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link DeviceConformance}: its measure of disagreement on closed-form cases, its pass rule, and, on a machine
 * with a GPU (skipped elsewhere, e.g. in CI), every registered op on {@code gpu(0)} against the CPU.
 */
class DeviceConformanceTest {

    @Test
    void differencesAreRelativeToTheLargestReferenceMagnitudeButAtLeastAbsolute() {
        // scale max(1, 200) = 200: |2 - 2.5| / 200
        assertEquals(0.0025, DeviceConformance.relativeDifference(new double[] {200, 2}, new double[] {200, 2.5}),
                1e-15);
        // scale 1 for small values: an absolute difference
        assertEquals(0.25, DeviceConformance.relativeDifference(new double[] {0.5, 0}, new double[] {0.25, 0}),
                1e-15);
    }

    @Test
    void nonFiniteValuesMustMatchExactly() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(0, DeviceConformance.relativeDifference(new double[] {nan, inf, 1}, new double[] {nan, inf, 1}));
        assertEquals(inf, DeviceConformance.relativeDifference(new double[] {nan}, new double[] {0}));
        assertEquals(inf, DeviceConformance.relativeDifference(new double[] {inf}, new double[] {-inf}));
        assertEquals(inf, DeviceConformance.relativeDifference(new double[] {1}, new double[] {inf}));
    }

    @Test
    void aShapeMismatchNeverAgreesAndAMissingReferenceIsNotCompared() {
        assertEquals(Double.POSITIVE_INFINITY, DeviceConformance.relativeDifference(new double[] {1, 2},
                new double[] {1}));
        assertTrue(Double.isNaN(DeviceConformance.relativeDifference(null, new double[] {1})));
    }

    @Test
    void anOpPassesOnlyWithinEveryToleranceAndWithoutADeviceError() {
        assertTrue(new DeviceConformance.Agreement("op", 1e-12, 1e-4, Double.NaN, null).passed());
        assertFalse(new DeviceConformance.Agreement("op", 1e-6, 1e-4, 0, null).passed());
        assertFalse(new DeviceConformance.Agreement("op", 0, 1e-2, 0, null).passed());
        assertFalse(new DeviceConformance.Agreement("op", 0, 0, 1e-6, null).passed());
        assertFalse(new DeviceConformance.Agreement("op", Double.NaN, Double.NaN, Double.NaN, "boom").passed());
    }

    @Test
    void everyRegisteredOpAgreesWithTheCpuOnTheGpu() {
        assumeTrue(DiffVisionEngine.start().gpuCount() > 0, "no GPU on this machine");
        List<DeviceConformance.Agreement> all = DeviceConformance.compare(OpRegistry.defaults(), Device.gpu(0));
        List<String> failed = all.stream().filter(a -> !a.passed()).map(DeviceConformance.Agreement::line).toList();
        assertEquals(List.of(), failed);
    }
}
