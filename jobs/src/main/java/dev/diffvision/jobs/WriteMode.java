package dev.diffvision.jobs;

/**
 * What {@link PipelineJob} does with outputs an earlier run left (config key {@code mode}).
 */
enum WriteMode {
    /** Replace them: {@code <output>/images}, {@code /manifest} and {@code /tensors} are deleted first. */
    OVERWRITE,
    /**
     * Keep them: inputs whose every output file exists already are not read again and get manifest rows with
     * status {@code skipped}; other files in {@code <output>/images} stay. Works with file formats only (a
     * Parquet dataset is rewritten as a whole).
     */
    SKIP_EXISTING,
    /** Refuse to start (exit 2) when {@code <output>/images}, {@code /manifest} or {@code /tensors} exists. */
    ERROR_IF_EXISTS;

    /** @return the name as written in config files and options, e.g. {@code skip-existing} */
    String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
