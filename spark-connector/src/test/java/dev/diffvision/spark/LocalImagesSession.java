package dev.diffvision.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/** A test base: the {@link TestImages#folder} images in a temporary folder and one local[2] session per class. */
abstract class LocalImagesSession {

    @TempDir
    static Path images;
    static SparkSession spark;

    @BeforeAll
    static void startSession() throws IOException {
        TestImages.folder(images);
        spark = SparkTestSessions.local(2);
    }

    @AfterAll
    static void stopSession() {
        spark.stop();
    }
}
