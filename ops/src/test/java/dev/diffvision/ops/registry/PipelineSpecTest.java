package dev.diffvision.ops.registry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.color.Gray;
import dev.diffvision.ops.filters.Sobel;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry and the pipeline-spec language: parsing, defaults, and errors that list what is valid. */
class PipelineSpecTest extends OpTestBase {

    private final OpRegistry registry = OpRegistry.defaults();

    @Test
    void registryHoldsTheSkeletonOps() {
        assertTrue(registry.names().containsAll(java.util.List.of("rgb_to_grayscale", "grayscale_to_rgb", "sobel",
                "spatial_gradient")), registry.names().toString());
    }

    @Test
    void pipelineRunsStagesInOrder() {
        Pipeline p = registry.pipeline("rgb_to_grayscale | sobel(normalized=false)");
        NDArray x = rand(DataType.FLOAT32, 2, 3, 8, 8);
        assertClose(Sobel.sobel(Gray.rgbToGrayscale(x), false, 1e-6), p.apply(x), 0);
        assertEquals("rgb_to_grayscale(rgb_weights=none) | sobel(normalized=false, eps=1.0E-6)",
                p.spec());
    }

    @Test
    void canonicalSpecParsesBackToTheSamePipeline() {
        Pipeline p = registry.pipeline("spatial_gradient(mode='diff', order=2, normalized=False)");
        assertEquals(p.spec(), registry.pipeline(p.spec()).spec());
        assertEquals("spatial_gradient(mode='diff', order=2, normalized=false)", p.spec());
    }

    @Test
    void tensorParametersRoundTripThroughTheCanonicalSpec() {
        Pipeline p = registry.pipeline("adjust_gamma(gamma=0.8, gain=(1, 2)) | gaussian_blur2d(kernel_size=3, sigma=[1.5])");
        assertEquals("adjust_gamma(gamma=0.8, gain=(1.0, 2.0)) | gaussian_blur2d(kernel_size=(3), sigma=(1.5), "
                + "border_type='reflect', separable=true)", p.spec());
        assertEquals(p.spec(), registry.pipeline(p.spec()).spec());
    }

    @Test
    void valuesOfEveryKind() {
        Pipeline p = registry.pipeline(" rgb_to_grayscale ( rgb_weights = [0.25, 0.5, 0.25] ) | sobel(eps=1e-3) ");
        assertEquals(2, p.stages().size());
        assertEquals(1e-3, p.stages().get(1).args().real("eps"));
        assertEquals(0.5, p.stages().get(0).args().reals("rgb_weights")[1]);
        assertEquals("diff", registry.pipeline("spatial_gradient(mode=diff)").stages().get(0).args().text("mode"));
    }

    @Test
    void unknownOpListsValidOps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.pipeline("rgb_to_grayscale | sobl"));
        assertTrue(e.getMessage().contains("unknown op 'sobl'; valid ops: "), e.getMessage());
        assertTrue(e.getMessage().contains("sobel") && e.getMessage().contains("column 20"), e.getMessage());
    }

    @Test
    void unknownParameterListsValidParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.pipeline("sobel(normalised=false)"));
        assertTrue(e.getMessage().contains("sobel: unknown parameter 'normalised'; valid parameters: "
                + "normalized: a boolean = true, eps: a number = 1.0E-6"), e.getMessage());
    }

    @Test
    void badValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.pipeline("sobel(normalized=3)"));
        assertTrue(e.getMessage().contains("sobel: expected parameter normalized to be a boolean, got 3"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.pipeline("spatial_gradient(order=1.5)"));
        assertTrue(e.getMessage().contains("expected parameter order to be an integer, got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.pipeline("spatial_gradient(order=3)"));
        assertTrue(e.getMessage().contains("spatial_gradient: expected order in [1, 2], got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.pipeline("sobel(eps=-1)"));
        assertTrue(e.getMessage().contains("sobel: expected eps >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.pipeline("spatial_gradient(mode=scharr)"));
    }

    @Test
    void syntaxErrorsGiveTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.pipeline("sobel(true)"));
        assertTrue(e.getMessage().contains("column 11: expected '=' after parameter true"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> registry.pipeline("sobel(eps=1e-3"));
        assertTrue(e.getMessage().contains("expected ')'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.pipeline("sobel sobel"));
        assertThrows(IllegalArgumentException.class, () -> registry.pipeline("  "));
        assertThrows(IllegalArgumentException.class, () -> registry.pipeline("sobel(eps=1, eps=2)"));
        assertThrows(IllegalArgumentException.class, () -> registry.pipeline("sobel |"));
    }

    @Test
    void createByNameWithKeywordMap() {
        ImageOp op = registry.create("sobel", Map.of("normalized", false));
        NDArray x = rand(DataType.FLOAT32, 1, 1, 5, 5);
        assertClose(Sobel.sobel(x, false, 1e-6), op.apply(x), 0);
    }

    @Test
    void duplicateRegistrationIsRejected() {
        OpRegistry r = new OpRegistry();
        OpDefinition d = OpDefinition.builder("identity_copy", "copy").factory(a -> NDArray::duplicate).build();
        r.register(d);
        assertThrows(IllegalArgumentException.class, () -> r.register(d));
    }
}
