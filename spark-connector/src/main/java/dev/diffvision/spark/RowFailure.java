package dev.diffvision.spark;

/**
 * A row-level failure with its {@link ErrorKind}; the message becomes the row's error text. Still an
 * {@link IllegalArgumentException}, the project's type for bad input.
 */
final class RowFailure extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    /**
     * @param kind why the row failed
     * @param message the error text, naming the step, what it expected and what it got
     */
    RowFailure(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** @return why the row failed */
    ErrorKind kind() {
        return kind;
    }
}
