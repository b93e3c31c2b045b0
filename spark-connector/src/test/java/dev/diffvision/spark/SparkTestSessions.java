package dev.diffvision.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Real Spark sessions for tests: {@code local[N]} in this JVM, and {@code local-cluster[N, 1, 1024]} with
 * executors in separate JVMs started from the SPARK_HOME the build assembles ({@code target/spark-home/jars}),
 * and {@link Fixture}, the per-class session plus image folder the Spark test classes share.
 */
final class SparkTestSessions {

    private SparkTestSessions() {}

    /**
     * @param cores task slots
     * @return a new {@code local[cores]} session; stop it when done
     */
    static SparkSession local(int cores) {
        return base().master("local[" + cores + "]").getOrCreate();
    }

    /**
     * @param cores task slots
     * @param maxFailures attempts per task before the job fails (local mode's default is 1: no retries)
     * @return a new {@code local[cores, maxFailures]} session; stop it when done
     */
    static SparkSession local(int cores, int maxFailures) {
        return base().master("local[" + cores + "," + maxFailures + "]").getOrCreate();
    }

    /**
     * A local-cluster session: {@code executors} executor JVMs with one core and 1 GiB each. Executors get the
     * dependency jars from SPARK_HOME/jars and this build's own classes (class folders and module jars) through
     * {@code spark.executor.extraClassPath}, plus the Java 17 openings and offline DJL.
     *
     * @param executors number of executor JVMs
     * @return a new session; stop it when done
     */
    static SparkSession localCluster(int executors) {
        Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
        Path jars = sparkHome.resolve("jars");
        try {
            if (!Files.exists(sparkHome.resolve("RELEASE"))) {
                Files.writeString(sparkHome.resolve("RELEASE"), "Spark test home assembled by the DiffVision build\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> assembled = Arrays.stream(jars.toFile().list()).collect(Collectors.toSet());
        String ownClasses = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> new File(entry).isDirectory() || !assembled.contains(new File(entry).getName()))
                .collect(Collectors.joining(File.pathSeparator));
        return base().master("local-cluster[" + executors + ",1,1024]")
                .config("spark.executor.extraClassPath", ownClasses)
                .config("spark.executor.extraJavaOptions",
                        "-Dai.djl.offline=true " + System.getProperty("diffvision.addOpens", ""))
                .config("spark.executor.memory", "1g")
                .getOrCreate();
    }

    private static SparkSession.Builder base() {
        return SparkSession.builder()
                .appName("diffvision-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2");
    }

    /**
     * One session and one {@link TestImages#folder} per test class, started before its first test and stopped
     * (folder deleted) after its last:
     *
     * <pre>{@code
     * @RegisterExtension
     * static final SparkTestSessions.Fixture SPARK = SparkTestSessions.fixture(() -> SparkTestSessions.local(2));
     * }</pre>
     */
    static final class Fixture implements BeforeAllCallback, AfterAllCallback {

        private final Supplier<SparkSession> start;
        private SparkSession session;
        private Path images;

        private Fixture(Supplier<SparkSession> start) {
            this.start = start;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            images = Files.createTempDirectory("diffvision-images");
            TestImages.folder(images);
            session = start.get();
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            session.stop();
            try (var files = Files.walk(images)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }

        /** @return the class's session */
        SparkSession spark() {
            return session;
        }

        /** @return the class's {@link TestImages#folder} */
        Path images() {
            return images;
        }
    }

    /**
     * @param start creates the session (e.g. {@code () -> local(2)})
     * @return a fixture to register with {@code @RegisterExtension}
     */
    static Fixture fixture(Supplier<SparkSession> start) {
        return new Fixture(start);
    }
}
