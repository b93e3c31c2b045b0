package dev.diffvision.ops.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.diffvision.ops.color.Gray;
import dev.diffvision.ops.core.GradientCheck;
import dev.diffvision.ops.filters.Sobel;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Ops as DJL blocks: same values as the functions, gradients through a SequentialBlock, output shapes. */
class OpBlockTest extends OpTestBase {

    @Test
    void blockEqualsTheFunctionAndComposesInASequentialBlock() {
        NDArray x = rand(DataType.FLOAT32, 2, 3, 8, 8);
        SequentialBlock net = new SequentialBlock()
                .add(OpBlock.of("rgb_to_grayscale", Map.of()))
                .add(OpBlock.of("sobel", Map.of("normalized", false)));
        NDArray out = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        assertClose(Sobel.sobel(Gray.rgbToGrayscale(x), false, 1e-6), out, 0);
        assertArrayEquals(new Shape[] {new Shape(2, 1, 8, 8)}, net.getOutputShapes(new Shape[] {x.getShape()}));
    }

    @Test
    void gradientsFlowThroughThePipelineBlock() {
        OpBlock block = OpBlock.pipeline("rgb_to_grayscale | sobel");
        ParameterStore store = new ParameterStore(manager, false);
        GradientCheck.check(t -> block.forward(store, new NDList(t), true).singletonOrThrow(),
                rand(DataType.FLOAT64, 1, 3, 5, 5), GradientCheck.Options.defaults()).assertPassed("OpBlock");
    }

    @Test
    void badInputsAreRejected() {
        OpBlock block = OpBlock.of("sobel", Map.of());
        NDArray x = rand(DataType.FLOAT32, 1, 1, 4, 4);
        ParameterStore store = new ParameterStore(manager, false);
        assertThrows(IllegalArgumentException.class, () -> block.forward(store, new NDList(x, x), false));
        assertThrows(IllegalArgumentException.class, () -> OpBlock.of("sobl", Map.of()));
    }
}
