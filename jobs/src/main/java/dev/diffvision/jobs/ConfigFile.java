package dev.diffvision.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job's {@code --config FILE}: a {@code .properties} file whose keys are the job's long option names without
 * the leading dashes ({@code input}, {@code batch-size}, ...). Values from the file replace the options' built-in
 * defaults; options given on the command line override both. An empty value means "not set". Unknown keys are
 * an error, so that a typo does not silently fall back to a default.
 *
 * <pre>{@code
 * # conf/pipeline.properties
 * pipeline = sobel(normalized=false)
 * batch-size = 16
 * }</pre>
 */
final class ConfigFile {

    /** The option naming the file. */
    static final String OPTION = "--config";

    private final Path file;
    private final Properties properties;

    private ConfigFile(Path file, Properties properties) {
        this.file = file;
        this.properties = properties;
    }

    /**
     * Finds {@code --config FILE} or {@code --config=FILE} in the raw arguments (the last one wins, as for any
     * picocli option) and loads it.
     *
     * @param args the command-line arguments
     * @return the loaded file, or null when no {@code --config} was given
     * @throws UsageException if the option has no value or the file cannot be read
     */
    static ConfigFile fromArgs(String... args) throws UsageException {
        String name = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals(OPTION)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(OPTION + " needs a FILE argument");
                }
                name = args[++i];
            } else if (args[i].startsWith(OPTION + "=")) {
                name = args[i].substring(OPTION.length() + 1);
            }
        }
        return name == null ? null : load(Path.of(name));
    }

    /**
     * Loads a properties file (UTF-8).
     *
     * @param file the file
     * @return the loaded file
     * @throws UsageException if it does not exist or cannot be read
     */
    static ConfigFile load(Path file) throws UsageException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("config file " + file.toAbsolutePath() + " does not exist or is not a file");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return new ConfigFile(file, p);
    }

    /**
     * Checks the keys against {@code spec}'s options and installs the file as the command's default provider.
     *
     * @param commandLine the command to configure
     * @throws UsageException for a key that names no option (or names {@code config} itself)
     */
    void applyTo(CommandLine commandLine) throws UsageException {
        CommandSpec spec = commandLine.getCommandSpec();
        Set<String> valid = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            String key = key(o);
            if (!o.usageHelp() && !o.versionHelp() && !("--" + key).equals(OPTION)) {
                valid.add(key);
            }
        }
        for (String key : properties.stringPropertyNames()) {
            if (!valid.contains(key)) {
                throw new UsageException("unknown key '" + key + "' in config file " + file + "; valid keys: "
                        + String.join(", ", valid));
            }
        }
        commandLine.setDefaultValueProvider(arg -> {
            if (arg instanceof OptionSpec o) {
                String value = properties.getProperty(key(o));
                return value == null || value.isBlank() ? null : value.trim();
            }
            return null;
        });
    }

    /** @return the file's path as given */
    Path file() {
        return file;
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }
}
