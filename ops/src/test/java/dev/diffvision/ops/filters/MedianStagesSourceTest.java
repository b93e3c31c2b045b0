package dev.diffvision.ops.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed generated 5x5 median stages are what {@link MedianStagesSource} writes from today's
 * {@link WindowSelection}: a change to the selection program without regenerating fails here (the values the
 * stages compute are checked against the TorchScript module in {@code SimdKernelsTest}).
 */
class MedianStagesSourceTest {

    @Test
    void theCommittedStagesAreTheGeneratorsOutput() throws IOException {
        Path committed = Path.of("src/main/java/dev/diffvision/ops/core/internal",
                MedianStagesSource.CLASS + ".java");
        assertEquals(MedianStagesSource.source(), Files.readString(committed, StandardCharsets.UTF_8),
                "regenerate with MedianStagesSource (see its Javadoc)");
    }
}
