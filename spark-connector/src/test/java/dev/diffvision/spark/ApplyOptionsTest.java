package dev.diffvision.spark;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.EnumSet;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ApplyOptions: defaults, copies, validation messages, serialisation (no Spark needed). */
class ApplyOptionsTest {

    private static final ApplyOptions BASE = ApplyOptions.of("rgb_to_grayscale | sobel");

    @Test
    void defaults() {
        assertEquals("content", BASE.inputCol());
        assertEquals(16, BASE.batchSize());
        assertEquals(256L << 20, BASE.maxBatchBytes());
        assertEquals(BatchShaping.GROUP_BY_SHAPE, BASE.shaping());
        assertEquals(EnumSet.of(OutputFormat.TENSOR, OutputFormat.PNG), BASE.outputFormats());
        assertEquals("error", BASE.errorCol());
        assertFalse(BASE.rejectNonFinite());
        assertEquals(ResizePrecision.FLOAT, BASE.resizePrecision());
    }

    @Test
    void copiesChangeOneFieldEach() {
        ApplyOptions o = BASE.withResizeTo(224, 200).withMaxBatchBytes(1024).withErrorCol("problem")
                .withRejectNonFinite(true).withOutputFormats(EnumSet.of(OutputFormat.JPEG, OutputFormat.IMAGE));
        assertEquals(BatchShaping.RESIZE, o.shaping());
        assertEquals(224, o.targetHeight());
        assertEquals(200, o.targetWidth());
        assertEquals(1024, o.maxBatchBytes());
        assertEquals("problem", o.errorCol());
        assertTrue(o.rejectNonFinite());
        assertTrue(o.emits(OutputFormat.JPEG) && o.emits(OutputFormat.IMAGE) && !o.emits(OutputFormat.TENSOR));
        ApplyOptions padded = o.withPadTo(32, 48);
        assertEquals(BatchShaping.PAD, padded.shaping());
        ApplyOptions pixels = o.withResizePrecision(ResizePrecision.PIXELS);
        assertEquals(ResizePrecision.PIXELS, pixels.resizePrecision());
        assertEquals(o, pixels.withResizePrecision(ResizePrecision.FLOAT));
        assertEquals(BASE.withErrorCol("problem").withRejectNonFinite(true).withMaxBatchBytes(1024)
                .withOutputFormats(EnumSet.of(OutputFormat.JPEG, OutputFormat.IMAGE)), padded.withGroupByShape());
    }

    @Test
    void outputFormatsCannotBeChangedFromOutside() {
        EnumSet<OutputFormat> formats = EnumSet.of(OutputFormat.PNG);
        ApplyOptions o = BASE.withOutputFormats(formats);
        formats.add(OutputFormat.TENSOR);
        o.outputFormats().add(OutputFormat.JPEG);
        assertEquals(EnumSet.of(OutputFormat.PNG), o.outputFormats());
    }

    @Test
    void invalidValuesNameWhatWasExpected() {
        assertMessage("apply: expected batchSize >= 1, got 0", () -> BASE.withBatchSize(0));
        assertMessage("apply: expected maxBatchBytes >= 1, got 0", () -> BASE.withMaxBatchBytes(0));
        assertMessage("apply: expected a target size >= 1 x 1 for RESIZE, got 0 x 5", () -> BASE.withResizeTo(0, 5));
        assertMessage("apply: expected a target size >= 1 x 1 for PAD, got 5 x -1", () -> BASE.withPadTo(5, -1));
        assertMessage("apply: expected a target size of at most 100 pixels, got 20 x 20",
                () -> BASE.withMaxPixels(100).withPadTo(20, 20));
        assertMessage("apply: expected at least one output format (TENSOR, IMAGE, PNG, JPEG), got none",
                () -> BASE.withOutputFormats(EnumSet.noneOf(OutputFormat.class)));
        assertMessage("apply: expected an error column name, got none", () -> BASE.withErrorCol(" "));
        assertMessage("apply: expected an input column name, got none", () -> BASE.withInputCol(null));
        assertMessage("apply: expected a pipeline spec, got none", () -> ApplyOptions.of(""));
        assertMessage("apply: expected a resize precision (FLOAT, PIXELS), got none",
                () -> BASE.withResizePrecision(null));
    }

    @Test
    void survivesJavaSerialisation() throws IOException, ClassNotFoundException {
        ApplyOptions o = BASE.withPadTo(8, 9).withOutputFormats(EnumSet.of(OutputFormat.IMAGE)).withErrorCol("e");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(o, in.readObject());
        }
    }

    private static void assertMessage(String expected, Supplier<ApplyOptions> build) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, build::get).getMessage());
    }
}
