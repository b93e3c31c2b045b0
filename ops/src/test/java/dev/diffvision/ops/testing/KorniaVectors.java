package dev.diffvision.ops.testing;

import dev.diffvision.ops.conformance.ConformanceCase;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Loads the Kornia reference vectors copied into this module's test resources ({@code kornia-vectors/}). */
public final class KorniaVectors {

    private KorniaVectors() {}

    /** @return the folder holding the vectors on the test class path */
    public static Path folder() {
        URL url = KorniaVectors.class.getResource("/kornia-vectors/NOTICE.md");
        if (url == null) {
            throw new IllegalStateException("kornia-vectors are missing from the test class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param name the case's file name without {@code .json}
     * @return the loaded case
     */
    public static ConformanceCase load(String name) {
        try {
            return ConformanceCase.load(folder().resolve(name + ".json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
