package dev.diffvision.jobs;

import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.ImageDecoder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PipelineJob} reading from and writing to a real HDFS (a {@link MiniDFSCluster} on loopback, one
 * datanode, base folder under {@code target/}), in a real {@code local[2,2]} Spark session whose tasks may be
 * retried once, with the first attempt of partition 0's writing task made to fail after its first file
 * ({@link FaultInjection}): every run still ends with exactly one file per input and format, one manifest row
 * and one tensor row per input, and nothing staged left behind.
 */
class PipelineJobHdfsTest {

    private static final String SPEC = "sobel(normalized=false)";
    private static final List<String> IMAGES = List.of("astronaut.png", "camera.png", "chelsea.jpg", "rocket.jpg");
    private static final AtomicInteger FAILED_TASKS = new AtomicInteger();
    private static MiniDFSCluster hdfs;
    private static FileSystem fs;
    private static String uri;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws IOException {
        File base = new File("target/minidfs-" + PipelineJobHdfsTest.class.getSimpleName()).getAbsoluteFile();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getPath());
        hdfs = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).format(true).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
        uri = fs.getUri().toString();
        for (int i = 0; i < IMAGES.size(); i++) {
            String folder = i % 2 == 0 ? "/in/" : "/in/sub/";
            fs.copyFromLocalFile(new Path(TestFiles.sample(IMAGES.get(i)).toString()), new Path(folder + IMAGES.get(i)));
        }
        spark = TestFiles.spark("local[2,2]", "PipelineJobHdfsTest", FaultInjection.KEY, "0");
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().failed()) {
                    FAILED_TASKS.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
    }

    private static List<String> filesUnder(String folder) throws IOException {
        List<String> names = new ArrayList<>();
        Path root = fs.makeQualified(new Path(folder));
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            names.add(it.next().getPath().toString().substring(root.toString().length() + 1));
        }
        names.sort(null);
        return names;
    }

    private static HostTensor decode(String path) throws IOException {
        try (InputStream in = fs.open(new Path(path))) {
            return new ImageDecoder().decode(in.readAllBytes());
        }
    }

    /** Waits for the listener bus to deliver the retried task's end (events are asynchronous). */
    private static int failedTasks() throws InterruptedException {
        for (int i = 0; i < 100 && FAILED_TASKS.get() == 0; i++) {
            Thread.sleep(100);
        }
        return FAILED_TASKS.get();
    }

    @Test
    void folderOnHdfsToFilesAndTensorsWithATaskRetried() throws IOException, InterruptedException {
        TestFiles.Result r = TestFiles.pipelineJob("--input", uri + "/in", "--output", uri + "/out",
                "--pipeline", SPEC, "--format", "png,npy,parquet", "--batch-size", "2");

        assertEquals(ExitCodes.OK, r.code(), r.all());
        assertTrue(failedTasks() >= 1, "the injected failure happened and was retried");
        assertEquals(List.of("astronaut.npy", "astronaut.png", "chelsea.npy", "chelsea.png", "sub/camera.npy",
                "sub/camera.png", "sub/rocket.npy", "sub/rocket.png"), filesUnder("/out/images"));
        assertTrue(!fs.exists(new Path("/out/" + StagedFiles.STAGING)), "staging folder removed");
        List<Row> manifest = spark.read().parquet(uri + "/out/manifest").collectAsList();
        Set<String> sources = new HashSet<>();
        for (Row row : manifest) {
            assertEquals(Manifest.OK, row.getString(row.fieldIndex(Manifest.STATUS)), row.toString());
            sources.add(row.getString(row.fieldIndex(Manifest.SOURCE_PATH)));
        }
        assertEquals(IMAGES.size(), manifest.size(), "one manifest row per input, none duplicated by the retry");
        assertEquals(IMAGES.size(), sources.size());
        assertEquals(IMAGES.size(), spark.read().parquet(uri + "/out/tensors").count(), "one tensor row per input");
        TestFiles.assertSamePixels(TestFiles.expectedPng(SPEC, TestFiles.sample("camera.png")),
                decode("/out/images/sub/camera.png"), "camera from HDFS");
        assertTrue(r.out().contains("rows         4 in, 4 ok, 0 failed, 0 skipped"), r.all());
    }

    @Test
    void inputListOnHdfsThenSkipExistingAndConfigurationErrors() throws IOException, InterruptedException {
        try (FSDataOutputStream list = fs.create(new Path("/lists/photos.txt"))) {
            list.write(("../in/chelsea.jpg\n" + uri + "/in/sub/camera.png\n").getBytes(StandardCharsets.UTF_8));
        }
        String[] args = {"--input-list", uri + "/lists/photos.txt", "--output", uri + "/listed", "--pipeline", SPEC};

        TestFiles.Result first = TestFiles.pipelineJob(args);

        assertEquals(ExitCodes.OK, first.code(), first.all());
        assertEquals(List.of("chelsea.png", "sub/camera.png"), filesUnder("/listed/images"));
        long written = fs.getFileStatus(new Path("/listed/images/chelsea.png")).getModificationTime();

        TestFiles.Result again = TestFiles.pipelineJob(TestFiles.concat(args, "--mode", "skip-existing"));

        assertEquals(ExitCodes.OK, again.code(), again.all());
        assertTrue(again.out().contains("rows         2 in, 0 ok, 0 failed, 2 skipped"), again.all());
        assertEquals(written, fs.getFileStatus(new Path("/listed/images/chelsea.png")).getModificationTime());
        assertEquals(2, spark.read().parquet(uri + "/listed/manifest").count());

        TestFiles.Result missing = TestFiles.pipelineJob("--input", uri + "/nowhere", "--output", uri + "/o2",
                "--pipeline", SPEC);
        assertEquals(ExitCodes.USAGE, missing.code(), missing.all());
        assertTrue(missing.err().contains("input " + uri + "/nowhere does not exist"), missing.all());
        TestFiles.Result notAFolder = TestFiles.pipelineJob("--input", uri + "/in", "--output",
                uri + "/lists/photos.txt", "--pipeline", SPEC);
        assertEquals(ExitCodes.USAGE, notAFolder.code(), notAFolder.all());
        assertTrue(notAFolder.err().contains("exists and is not a folder"), notAFolder.all());
        TestFiles.Result underAFile = TestFiles.pipelineJob("--input", uri + "/in", "--output",
                uri + "/lists/photos.txt/out", "--pipeline", SPEC);
        assertEquals(ExitCodes.USAGE, underAFile.code(), underAFile.all());
        assertTrue(underAFile.err().contains("cannot write to output " + uri + "/lists/photos.txt/out"),
                underAFile.all());
        assertTrue(!fs.exists(new Path("/o2")), "nothing written for a failed validation");
    }
}
