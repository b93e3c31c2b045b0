package dev.diffvision.ops.registry;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A chain of configured ops applied left to right, itself an {@link ImageOp}. Intermediate results are closed
 * as soon as the next stage has consumed them; only the last stage's result survives. Immutable.
 *
 * <pre>{@code
 * Pipeline p = OpRegistry.defaults().pipeline("rgb_to_grayscale | sobel");
 * NDArray edges = p.apply(rgbBatch);   // (B, 1, H, W)
 * }</pre>
 *
 * @param stages the stages, at least one
 */
public record Pipeline(List<Stage> stages) implements ImageOp {

    /**
     * One configured op of a pipeline.
     *
     * @param definition the registered op
     * @param args its bound arguments
     * @param op the configured op
     */
    public record Stage(OpDefinition definition, OpArgs args, ImageOp op) {
        /** @return the stage as canonical spec text, every parameter written out */
        public String spec() {
            return args.asMap().isEmpty() ? definition.name() : definition.name() + "(" + args + ")";
        }
    }

    /** Copies the stage list and checks it is not empty. */
    public Pipeline {
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("pipeline: expected at least one stage, got none");
        }
        stages = List.copyOf(stages);
    }

    @Override
    public NDArray apply(NDArray input) {
        NDArray current = input;
        for (Stage stage : stages) {
            NDArray next = stage.op().apply(current);
            if (current != input && current != next) {
                current.close();
            }
            current = next;
        }
        return current == input ? input.duplicate() : current;
    }

    /** @return the canonical spec: every stage with every parameter, joined by {@code " | "} */
    public String spec() {
        return stages.stream().map(Stage::spec).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return spec();
    }
}
