package dev.diffvision.jobs;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PipelineJob}'s checks before Spark starts: every configuration problem exits 2 with a message that
 * names it, and no Spark session is created.
 */
class PipelineJobUsageTest {

    @TempDir
    static Path tmp;
    private static Path input;

    @BeforeAll
    static void images() throws IOException {
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        input = tmp.resolve("in");
        TestFiles.copySample("astronaut.png", input.resolve("astronaut.png"));
    }

    @AfterEach
    void noSparkWasStarted() {
        assertTrue(SparkSession.getActiveSession().isEmpty(), "no active Spark session");
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "no default Spark session");
    }

    private static TestFiles.Result job(String... args) {
        return TestFiles.pipelineJob(args);
    }

    private static void assertUsage(TestFiles.Result r, String... fragments) {
        assertEquals(ExitCodes.USAGE, r.code(), r.all());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in\n" + r.all());
        }
    }

    @Test
    void missingInput() {
        assertUsage(job("--input", tmp.resolve("nowhere").toString(), "--output", tmp.resolve("o").toString(),
                "--pipeline", "sobel", "--master", "local[1]"), "input file:", "nowhere does not exist");
        assertUsage(job("--output", tmp.resolve("o").toString(), "--pipeline", "sobel", "--master", "local[1]"),
                "no input: pass --input PATH");
        assertUsage(job("--input", tmp + "/none-*.png", "--output", tmp.resolve("o").toString(),
                "--pipeline", "sobel", "--master", "local[1]"), "matches no file or folder");
    }

    @Test
    void invalidOrMissingPipeline() {
        TestFiles.Result r = job("--input", input.toString(), "--output", tmp.resolve("o").toString(),
                "--pipeline", "rgb_to_grayscale | sobbel", "--master", "local[1]");
        assertUsage(r, "invalid --pipeline 'rgb_to_grayscale | sobbel'", "unknown op 'sobbel'", "sobel");
        assertUsage(job("--input", input.toString(), "--output", tmp.resolve("o").toString(),
                "--pipeline", "sobel(normalized=maybe)", "--master", "local[1]"), "invalid --pipeline", "normalized");
        assertUsage(job("--input", input.toString(), "--output", tmp.resolve("o").toString(), "--master", "local[1]"),
                "no pipeline: pass --pipeline SPEC");
        assertUsage(job("--input", input.toString(), "--output", tmp.resolve("o").toString(), "--pipeline", " ",
                "--master", "local[1]"), "no pipeline");
    }

    @Test
    void badOutputs() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertUsage(job("--input", input.toString(), "--output", file.toString(), "--pipeline", "sobel",
                "--master", "local[1]"), "exists and is not a folder");
        assertUsage(job("--input", input.toString(), "--output", input.resolve("out").toString(), "--pipeline", "sobel",
                "--master", "local[1]"), "is inside the input");
        assertUsage(job("--input", tmp.resolve("o/images/x").toString(), "--output", tmp.resolve("o").toString(),
                "--pipeline", "sobel", "--master", "local[1]"), "does not exist");
        assertUsage(job("--input", input.toString(), "--pipeline", "sobel", "--master", "local[1]"),
                "no output: pass --output PATH");
    }

    @Test
    void inputInsideTheReplacedOutputFolders() throws IOException {
        Path out = tmp.resolve("nested-out");
        Path images = out.resolve("images");
        TestFiles.copySample("camera.png", images.resolve("camera.png"));
        assertUsage(job("--input", images.toString(), "--output", out.toString(), "--pipeline", "sobel",
                "--master", "local[1]"), "which the job writes");
        assertTrue(Files.exists(images.resolve("camera.png")), "nothing deleted");
    }

    @Test
    void badNumbersAndUnknownOptions() {
        String[] base = {"--input", input.toString(), "--output", tmp.resolve("o").toString(), "--pipeline", "sobel",
                "--master", "local[1]"};
        assertUsage(job(TestFiles.concat(base, "--batch-size", "0")), "batchSize >= 1, got 0");
        assertUsage(job(TestFiles.concat(base, "--batch-size", "many")), "--batch-size", "many");
        assertUsage(job(TestFiles.concat(base, "--max-pixels", "0")), "maxPixels >= 1");
        assertUsage(job(TestFiles.concat(base, "--max-pixels", "999999999999")), "--max-pixels <=");
        assertUsage(job(TestFiles.concat(base, "--colour", "red")), "Unknown option", "--colour", "--help");
        assertUsage(job(TestFiles.concat(base, "--channels", "cmyk")), "--channels", "cmyk", "RGB");
    }

    @Test
    void formatsModesAndQuality() throws IOException {
        String[] base = {"--input", input.toString(), "--output", tmp.resolve("o").toString(), "--pipeline", "sobel",
                "--master", "local[1]"};
        assertUsage(job(TestFiles.concat(base, "--format", "png,tiff")), "--format", "tiff", "PNG, JPEG, NPY, PARQUET");
        assertUsage(job(TestFiles.concat(base, "--mode", "append")), "--mode",
                "PipelineJob: expected --mode one of overwrite, skip-existing, error-if-exists, got 'append'");
        assertUsage(job(TestFiles.concat(base, "--mode", "skip-existing", "--format", "png,parquet")),
                "--mode skip-existing works with file formats only", "use --mode overwrite with parquet");
        assertUsage(job(TestFiles.concat(base, "--jpeg-quality", "1.5")), "expected --jpeg-quality in [0, 1], got 1.5");
        Path used = tmp.resolve("used-out");
        Files.createDirectories(used.resolve("manifest"));
        assertUsage(job("--input", input.toString(), "--output", used.toString(), "--pipeline", "sobel",
                "--master", "local[1]", "--mode", "error-if-exists"), "output file:", "already holds manifest",
                "(--mode error-if-exists)");
    }

    @Test
    void inputLists() throws IOException {
        String[] base = {"--output", tmp.resolve("o").toString(), "--pipeline", "sobel", "--master", "local[1]"};
        Path list = Files.writeString(tmp.resolve("list.txt"), "in/astronaut.png\nin/gone.png\nin\n# done\n");
        assertUsage(job(TestFiles.concat(base, "--input-list", list.toString())), "input list file:",
                "2 of 3 line(s) name no readable file", "in/gone.png does not exist", "/in is a folder (list files only)");
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "# nothing\n\n");
        assertUsage(job(TestFiles.concat(base, "--input-list", empty.toString())), "names no file");
        assertUsage(job(TestFiles.concat(base, "--input-list", tmp.resolve("none.txt").toString())),
                "input list file:", "none.txt does not exist");
        assertUsage(job(TestFiles.concat(base, "--input-list", list.toString(), "--input", input.toString())),
                "pass either --input or --input-list, not both");
    }

    /** conf/pipeline.properties documents every option: its keys are exactly the options --help lists. */
    @Test
    void theShippedConfigFileHasEveryOption() throws IOException {
        java.util.Properties shipped = new java.util.Properties();
        try (var r = Files.newBufferedReader(TestFiles.SAMPLES.resolve("../../conf/pipeline.properties").normalize())) {
            shipped.load(r);
        }
        java.util.Set<String> options = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--([a-z][a-z-]+)").matcher(job("--help").out());
        while (m.find()) {
            options.add(m.group(1));
        }
        options.removeAll(java.util.Set.of("help", "version", "config"));
        assertEquals(options, new java.util.TreeSet<>(shipped.stringPropertyNames()));
    }

    @Test
    void noMasterOutsideSparkSubmit() {
        assertFalse(System.getProperties().containsKey("spark.master"));
        assertUsage(job("--input", input.toString(), "--output", tmp.resolve("o").toString(), "--pipeline", "sobel"),
                "no Spark master", "--master 'local[*]'", "spark-submit");
    }

    @Test
    void configFileProblems() throws IOException {
        assertUsage(job("--config", tmp.resolve("missing.properties").toString()), "config file", "does not exist");
        assertUsage(job("--config"), "--config needs a FILE");
        Path typo = Files.writeString(tmp.resolve("typo.properties"), "pipline = sobel\n");
        assertUsage(job("--config", typo.toString()), "unknown key 'pipline'", "valid keys:", "pipeline", "batch-size");
        Path bad = Files.writeString(tmp.resolve("bad.properties"),
                "input = " + input + "\noutput = " + tmp.resolve("o") + "\npipeline = sobel(\nmaster = local[1]\n");
        assertUsage(job("--config=" + bad), "invalid --pipeline 'sobel('");
    }

    @Test
    void helpAndVersion() {
        TestFiles.Result help = job("--help");
        assertEquals(ExitCodes.OK, help.code(), help.all());
        for (String option : new String[] {"--config", "--input", "--output", "--pipeline", "--batch-size",
                "--max-pixels", "--channels", "--master", "--input-list", "--format", "--jpeg-quality", "--mode",
                "Exit codes"}) {
            assertTrue(help.out().contains(option), option + " in\n" + help.out());
        }
        TestFiles.Result version = job("--version");
        assertEquals(ExitCodes.OK, version.code(), version.all());
        assertTrue(version.out().startsWith("DiffVision "), version.out());
    }
}
