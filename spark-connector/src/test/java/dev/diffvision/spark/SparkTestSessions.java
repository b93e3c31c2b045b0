package dev.diffvision.spark;

import org.apache.spark.sql.SparkSession;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Real Spark sessions for tests: {@code local[N]} in this JVM, and {@code local-cluster[N, 1, 1024]} with
 * executors in separate JVMs started from the SPARK_HOME the build assembles ({@code target/spark-home/jars}).
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
}
