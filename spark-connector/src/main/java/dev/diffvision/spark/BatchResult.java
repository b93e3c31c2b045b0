package dev.diffvision.spark;

/**
 * One image's result from a batch: its output shape, float32 bytes and/or PNG bytes, or an error.
 *
 * @param shape the output {@code (C, H, W)}, null on error
 * @param tensorBytes float32 little-endian row-major values, null when not requested or on error
 * @param png 8-bit PNG bytes, null when not requested or on error
 * @param device where it ran
 * @param error null on success
 */
record BatchResult(int[] shape, byte[] tensorBytes, byte[] png, String device, String error) {

    /**
     * @param device where the row was (or would have been) processed
     * @param error the message
     * @return a failed result
     */
    static BatchResult failed(String device, String error) {
        return new BatchResult(null, null, null, device, error);
    }
}
