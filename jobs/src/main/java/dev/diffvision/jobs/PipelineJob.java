package dev.diffvision.jobs;

import dev.diffvision.ops.core.Names;
import dev.diffvision.ops.io.DecodeOptions;
import dev.diffvision.ops.registry.OpRegistry;
import dev.diffvision.ops.registry.Pipeline;
import dev.diffvision.spark.ApplyOptions;
import dev.diffvision.spark.DiffVisionFrames;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The pipeline job: every image under an input path (or named by an input list), through a DiffVision pipeline,
 * to files (PNG, JPEG, {@code .npy}) and/or a Parquet dataset of tensors, plus a Parquet manifest with one row per
 * input, and a closing report.
 *
 * <p>The options are validated before Spark starts (input exists, pipeline spec parses, formats and mode agree,
 * output is writable, a master is known): a problem there exits {@value ExitCodes#USAGE} with a message and no
 * Spark work. Then {@link PipelineRun} lists, processes and reports. Rows in == rows out: undecodable images and
 * failed pipelines become manifest rows with {@code status = failed} and {@code error} set.
 *
 * <p>Options come from the command line, then from {@code --config FILE} (a {@code .properties} file keyed by
 * option name, see {@code conf/pipeline.properties}), then from built-in defaults. The Spark master comes from
 * {@code --master} when given, otherwise from {@code spark-submit} / {@code spark.master}.
 *
 * <pre>
 * spark-submit --class dev.diffvision.jobs.PipelineJob diffvision-jobs.jar \
 *     --input hdfs:///photos --output hdfs:///out/edges --pipeline 'rgb_to_grayscale | sobel' \
 *     --format png,parquet --mode skip-existing
 * </pre>
 */
@Command(name = "PipelineJob", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs a DiffVision pipeline over every PNG/JPEG under --input (or every file --input-list"
                + " names) with Spark, writes files under <output>/images and/or tensors under <output>/tensors,"
                + " a Parquet manifest under <output>/manifest, and prints a report."},
        footer = {"", "Exit codes: 0 done, 1 failed (or every row failed), 2 bad options or configuration."})
public final class PipelineJob {

    /** Spark's application name for this job. */
    public static final String APP_NAME = "DiffVision PipelineJob";

    /** Read by {@link ConfigFile#fromArgs} before parsing; declared here for the help and for validation. */
    @Option(names = "--config", paramLabel = "FILE", order = 0,
            description = "A .properties file with defaults for these options, keyed by option name without"
                    + " dashes (see conf/pipeline.properties). Command-line options override it.")
    private java.nio.file.Path config;

    @Option(names = "--input", paramLabel = "PATH", order = 1,
            description = "Input images: a folder (searched recursively for *.png, *.jpg, *.jpeg), a file or a"
                    + " glob; any Hadoop path (file:, hdfs:, s3a:, ...). This or --input-list is required.")
    private String input;

    @Option(names = "--input-list", paramLabel = "FILE", order = 2,
            description = "A text file (Hadoop path) naming one input file per line; blank lines and # comments"
                    + " ignored, relative paths resolved against the list's folder. Instead of --input.")
    private String inputList;

    @Option(names = "--output", paramLabel = "PATH", order = 3,
            description = "Output root (Hadoop path): files go to PATH/images, tensors to PATH/tensors, the"
                    + " manifest to PATH/manifest. Required.")
    private String output;

    @Option(names = "--pipeline", paramLabel = "SPEC", order = 4,
            description = "Pipeline spec, e.g. 'rgb_to_grayscale | sobel(normalized=false)'. Required.")
    private String pipeline;

    @Option(names = "--format", paramLabel = "png|jpeg|npy|parquet", order = 5, split = ",", defaultValue = "png",
            description = "What to write, a comma-separated list: png, jpeg (8-bit files), npy (float32 files),"
                    + " parquet (tensor structs in PATH/tensors) (default: ${DEFAULT-VALUE}).")
    private List<OutputFormat> formats;

    @Option(names = "--jpeg-quality", paramLabel = "Q", order = 6, defaultValue = "0.9",
            description = "JPEG quality, 0 (smallest) to 1 (best) (default: ${DEFAULT-VALUE}).")
    private float jpegQuality;

    @Option(names = "--mode", paramLabel = "overwrite|skip-existing|error-if-exists", order = 7,
            defaultValue = "overwrite", converter = WriteModeConverter.class,
            description = "What to do with an earlier run's outputs: replace them, keep them and process only"
                    + " inputs whose files are missing (file formats only), or stop (default: ${DEFAULT-VALUE}).")
    private WriteMode mode;

    @Option(names = "--batch-size", paramLabel = "N", order = 8,
            defaultValue = "" + ApplyOptions.DEFAULT_BATCH_SIZE,
            description = "Images of equal shape run through the pipeline together (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--max-pixels", paramLabel = "N", order = 9,
            defaultValue = "" + DecodeOptions.DEFAULT_MAX_PIXELS,
            description = "Images declaring more than N pixels are rejected before decoding"
                    + " (default: ${DEFAULT-VALUE}).")
    private long maxPixels;

    @Option(names = "--channels", paramLabel = "keep|gray|rgb|rgba", order = 10, defaultValue = "keep",
            description = "Channel layout images are converted to before the pipeline: keep (as stored), gray,"
                    + " rgb or rgba; e.g. rgb lets an RGB pipeline take gray photos too (default: ${DEFAULT-VALUE}).")
    private DecodeOptions.Channels channels;

    @Option(names = "--master", paramLabel = "URL", order = 11,
            description = "Spark master, e.g. 'local[*]' or spark://host:7077. Default: what spark-submit or"
                    + " spark.master provides.")
    private String master;

    private final PrintStream out;
    private final PrintStream err;
    private final String name;

    private PipelineJob(PrintStream out, PrintStream err, String name) {
        this.out = out;
        this.err = err;
        this.name = name;
    }

    /** Parses {@code --mode} by its documented names. */
    static final class WriteModeConverter implements CommandLine.ITypeConverter<WriteMode> {
        @Override
        public WriteMode convert(String value) {
            try {
                return Names.parse(WriteMode.values(), WriteMode::key, value, "PipelineJob", "--mode");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * Runs the job and exits the JVM with its exit code.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String... args) {
        System.exit(run(args));
    }

    /**
     * Runs the job, printing progress and the report to {@code System.out} and problems to {@code System.err}.
     * A Spark session this call creates is stopped before it returns; an already active one is used and left
     * running.
     *
     * @param args the options; {@code --help} lists them
     * @return {@link ExitCodes#OK}, {@link ExitCodes#FAILURE} or {@link ExitCodes#USAGE}
     */
    public static int run(String... args) {
        return run(System.out, System.err, "PipelineJob", args);
    }

    /**
     * Runs the job with the given streams.
     *
     * @param out progress, report, help
     * @param err problems
     * @param commandName the name usage help shows (e.g. {@code diffvision run})
     * @param args the options
     * @return the exit code
     */
    static int run(PrintStream out, PrintStream err, String commandName, String... args) {
        PipelineJob job = new PipelineJob(out, err, commandName);
        // A later occurrence of an option replaces an earlier one, so wrappers can append overrides.
        CommandLine cl = new CommandLine(job).setCommandName(commandName).setOverwrittenOptionsAllowed(true)
                .setCaseInsensitiveEnumValuesAllowed(true);
        try {
            ConfigFile file = ConfigFile.fromArgs(args);
            if (file != null) {
                file.applyTo(cl);
            }
            cl.parseArgs(args);
        } catch (UsageException | CommandLine.ParameterException e) {
            err.println(commandName + ": " + e.getMessage());
            err.println("Try '" + commandName + " --help' for the options.");
            return ExitCodes.USAGE;
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return ExitCodes.OK;
        }
        if (cl.isVersionHelpRequested()) {
            cl.printVersionHelp(out);
            return ExitCodes.OK;
        }
        return job.execute();
    }

    private int execute() {
        long start = System.nanoTime();
        PipelineRun.Settings settings;
        try {
            settings = validate();
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        boolean hadSession = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession spark = null;
        try {
            SparkSession.Builder builder = SparkSession.builder().appName(APP_NAME);
            if (master != null) {
                builder.master(master);
            }
            if (System.getProperty("spark.ui.showConsoleProgress") == null) {
                builder.config("spark.ui.showConsoleProgress", "true"); // the progress bar on long stages
            }
            spark = builder.getOrCreate();
            return new PipelineRun(spark, settings, out, err, name).run(start);
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception | LinkageError e) {
            err.println(name + " failed: " + rootMessage(e));
            e.printStackTrace(err);
            return ExitCodes.FAILURE;
        } finally {
            if (spark != null && !hadSession) {
                spark.stop();
            }
        }
    }

    private PipelineRun.Settings validate() throws UsageException {
        if ((input == null || input.isBlank()) == (inputList == null || inputList.isBlank())) {
            throw new UsageException(input == null || input.isBlank()
                    ? "no input: pass --input PATH (a folder, file or glob; any Hadoop path) or --input-list FILE"
                    : "pass either --input or --input-list, not both");
        }
        if (output == null || output.isBlank()) {
            throw new UsageException("no output: pass --output PATH (a folder; any Hadoop path)");
        }
        if (pipeline == null || pipeline.isBlank()) {
            throw new UsageException("no pipeline: pass --pipeline SPEC (e.g. 'rgb_to_grayscale | sobel') or set"
                    + " pipeline= in the --config file");
        }
        Pipeline parsed;
        try {
            parsed = OpRegistry.defaults().pipeline(pipeline);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid --pipeline '" + pipeline + "': " + e.getMessage(), e);
        }
        if (maxPixels > DecodeOptions.MAX_PIXELS_LIMIT) {
            throw new UsageException("expected --max-pixels <= " + DecodeOptions.MAX_PIXELS_LIMIT + ", got " + maxPixels);
        }
        List<OutputFormat> formatList = List.copyOf(new LinkedHashSet<>(formats));
        if (formatList.isEmpty()) {
            throw new UsageException("expected at least one --format (png, jpeg, npy, parquet), got none");
        }
        if (!(jpegQuality >= 0f && jpegQuality <= 1f)) {
            throw new UsageException("expected --jpeg-quality in [0, 1], got " + jpegQuality);
        }
        if (mode == WriteMode.SKIP_EXISTING && formatList.contains(OutputFormat.PARQUET)) {
            throw new UsageException("--mode skip-existing works with file formats only (png, jpeg, npy): the"
                    + " parquet output is one dataset, rewritten as a whole; use --mode overwrite with parquet");
        }
        ApplyOptions options;
        try {
            options = ApplyOptions.of(pipeline).withBatchSize(batchSize).withMaxPixels(maxPixels)
                    .withChannels(channels).withOutputFormats(connectorOutputs(formatList));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replaceFirst("^apply: ", ""), e);
        }
        if (master == null && System.getProperty("spark.master") == null
                && SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
            throw new UsageException("no Spark master: pass --master URL (e.g. --master 'local[*]'), set master="
                    + " in the --config file, or launch the job with spark-submit");
        }
        Configuration conf = driverHadoopConfiguration();
        PipelineRun.Inputs inputs = inputList != null && !inputList.isBlank()
                ? listInputs(qualify(inputList, conf, "input list"), conf)
                : pathInputs(qualify(input, conf, "input"), conf);
        Path out = qualify(output, conf, "output");
        PipelineRun.Outputs outputs = new PipelineRun.Outputs(out, formatList, mode, jpegQuality);
        if (inputs.list().isEmpty() && OutputLayout.within(out, inputs.root())) {
            throw new UsageException("output " + out + " is inside the input " + inputs.root() + ": its images would"
                    + " be read as inputs by the next run; choose an output outside the input");
        }
        for (Path replaced : outputs.owned()) {
            if (OutputLayout.within(inputs.root(), replaced)) {
                throw new UsageException("input " + inputs.root() + " is inside " + replaced + ", which the job"
                        + " writes; choose another output");
            }
        }
        checkWritable(out, conf);
        if (mode == WriteMode.ERROR_IF_EXISTS) {
            checkNothingExists(outputs, conf);
        }
        return new PipelineRun.Settings(inputs, outputs, options, parsed);
    }

    /** The Hadoop configuration before Spark starts: defaults plus {@code spark.hadoop.*} system properties. */
    /**
     * The connector outputs the job's file formats need: the PNG bytes for {@code png}, the float tensor for
     * every other format (JPEG and {@code .npy} files and the Parquet dataset are written from it).
     */
    private static EnumSet<dev.diffvision.spark.OutputFormat> connectorOutputs(List<OutputFormat> formats) {
        EnumSet<dev.diffvision.spark.OutputFormat> wanted = EnumSet.noneOf(dev.diffvision.spark.OutputFormat.class);
        if (formats.contains(OutputFormat.PNG)) {
            wanted.add(dev.diffvision.spark.OutputFormat.PNG);
        }
        if (formats.stream().anyMatch(f -> f != OutputFormat.PNG)) {
            wanted.add(dev.diffvision.spark.OutputFormat.TENSOR);
        }
        return wanted;
    }

    private static Configuration driverHadoopConfiguration() {
        Configuration conf = new Configuration();
        String prefix = "spark.hadoop.";
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                conf.set(key.substring(prefix.length()), System.getProperty(key));
            }
        }
        return conf;
    }

    private static Path qualify(String path, Configuration conf, String what) throws UsageException {
        try {
            Path p = new Path(path);
            try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
                return fs.makeQualified(p);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot use " + what + " path '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Checks that the input exists (or that its glob matches) and finds its root folder. */
    private static PipelineRun.Inputs pathInputs(Path in, Configuration conf) throws UsageException {
        try (FileSystem fs = FileSystem.newInstance(in.toUri(), conf)) {
            if (OutputLayout.hasGlob(in.toUri().getPath())) {
                FileStatus[] matches = fs.globStatus(in);
                if (matches == null || matches.length == 0) {
                    throw new UsageException("input " + in + " matches no file or folder");
                }
                return new PipelineRun.Inputs(in, OutputLayout.inputRoot(in, true), List.of());
            }
            FileStatus status;
            try {
                status = fs.getFileStatus(in);
            } catch (FileNotFoundException e) {
                throw new UsageException("input " + in + " does not exist", e);
            }
            return new PipelineRun.Inputs(in, OutputLayout.inputRoot(in, status.isDirectory()), List.of());
        } catch (IOException e) {
            throw new UsageException("cannot read input " + in + ": " + e.getMessage(), e);
        }
    }

    private static PipelineRun.Inputs listInputs(Path list, Configuration conf) throws UsageException {
        List<Path> files = InputList.read(list, conf);
        return new PipelineRun.Inputs(list, OutputLayout.commonRoot(files), files);
    }

    /** Creates the output folder if needed and proves it is writable with a probe file. */
    private static void checkWritable(Path out, Configuration conf) throws UsageException {
        try (FileSystem outer = FileSystem.newInstance(out.toUri(), conf)) {
            FileSystem fs = outer instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : outer;
            if (fs.exists(out) && !fs.getFileStatus(out).isDirectory()) {
                throw new UsageException("output " + out + " exists and is not a folder");
            }
            if (!fs.mkdirs(out)) {
                throw new UsageException("cannot create output folder " + out);
            }
            Path probe = new Path(out, ".diffvision-write-check-" + UUID.randomUUID());
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new UsageException("cannot write to output " + out + ": " + e.getMessage(), e);
        }
    }

    private static void checkNothingExists(PipelineRun.Outputs outputs, Configuration conf) throws UsageException {
        List<String> found = new ArrayList<>();
        try (FileSystem fs = FileSystem.newInstance(outputs.root().toUri(), conf)) {
            for (Path p : outputs.owned()) {
                if (!p.equals(outputs.staging()) && fs.exists(p)) { // staging: what a killed run left, removed
                    found.add(p.getName());
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read output " + outputs.root() + ": " + e.getMessage(), e);
        }
        if (!found.isEmpty()) {
            throw new UsageException(String.format(Locale.ROOT, "output %s already holds %s (--mode error-if-exists);"
                    + " choose another output, or pass --mode overwrite or skip-existing", outputs.root(),
                    String.join(", ", found)));
        }
    }

    /**
     * @param e a failure
     * @return the innermost cause's message, which is what a user can act on (Spark wraps task failures)
     */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root == e ? String.valueOf(message) : root.getClass().getSimpleName() + ": " + message;
    }
}
