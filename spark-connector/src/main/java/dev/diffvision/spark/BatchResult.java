package dev.diffvision.spark;

/**
 * One image's result from a batch: its output shape and the requested encodings, or an error.
 *
 * @param shape the output {@code (C, H, W)}, null on error
 * @param encoded the requested outputs, null on error
 * @param device where it ran
 * @param kind why it failed, null on success
 * @param error the error text, null on success
 */
record BatchResult(int[] shape, EncodedOutputs encoded, String device, ErrorKind kind, String error) {

    /**
     * @param device where the row was (or would have been) processed
     * @param failure what went wrong
     * @return a failed result
     */
    static BatchResult failed(String device, RowFailure failure) {
        return new BatchResult(null, null, device, failure.kind(), failure.getMessage());
    }
}
